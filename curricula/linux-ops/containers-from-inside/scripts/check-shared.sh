set -eu
# /root/answers/shared on alpha: which of the four identity lines are the same on alpha and
# beta. Two containers on one engine share the kernel (kernel, boot_id) and have their own
# UTS and network namespaces (hostname, netns): true by construction of every lab.
f=/root/answers/shared
[ -s "$f" ] || fail "there is no $f yet: compare /root/answers/identity of alpha and beta, and write the names of the lines that are equal on both (of hostname, kernel, boot_id, netns)"
said=$(tr ',;=\n\t' '     ' < "$f" | tr 'A-Z-' 'a-z_' | xargs -n 1 2>/dev/null | sort -u | xargs)
[ "$said" = "boot_id kernel" ] && pass "alpha and beta share the kernel (same release, same boot_id) and have their own hostname and network namespace"
[ "$said" = none ] &&
  fail "$f says none, but some lines are equal on alpha and beta: put the two identity files side by side (cat /root/answers/identity in both terminals) and compare line by line"
for k in $said; do
  case "$k" in
    hostname) fail "$f names hostname, but alpha and beta have different host names: each container has its own UTS namespace" ;;
    netns) fail "$f names netns, but alpha's and beta's network namespaces differ: compare the netns= lines (each container gets its own network stack)" ;;
    kernel|boot_id) ;;
    *) fail "$f names '$k': use the names of the identity lines, hostname, kernel, boot_id and netns" ;;
  esac
done
case " $said " in
  *' kernel '*) fail "$f names kernel but not boot_id: compare the boot_id= lines of the two hosts again (boot_id is the kernel's, not the container's)" ;;
esac
fail "$f misses kernel: alpha and beta run on the same kernel, so uname -r prints the same release on both"
