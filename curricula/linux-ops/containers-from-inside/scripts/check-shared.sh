set -eu
# /root/answers/shared on alpha: which of the four identity lines are the same on alpha and
# beta. Two containers on one engine share the kernel (kernel, boot_id) and have their own
# UTS and network namespaces (hostname, netns): true by construction of every lab.
f=/root/answers/shared
[ -s "$f" ] || fail_t shared-no-answer file="$f"
said=$(tr ',;=\n\t' '     ' < "$f" | tr 'A-Z-' 'a-z_' | xargs -n 1 2>/dev/null | sort -u | xargs)
[ "$said" = "boot_id kernel" ] && pass_t shared-ok
[ "$said" = none ] &&
  fail_t shared-says-none file="$f"
for k in $said; do
  case "$k" in
    hostname) fail_t shared-names-hostname file="$f" ;;
    netns) fail_t shared-names-netns file="$f" ;;
    kernel|boot_id) ;;
    *) fail_t shared-unknown-name file="$f" name="$k" ;;
  esac
done
case " $said " in
  *' kernel '*) fail_t shared-misses-boot-id file="$f" ;;
esac
fail_t shared-misses-kernel file="$f"
