set -eu
# /root/answers/netns: the inode number of this host's network namespace, as PID 1 has it
# (readlink /proc/1/ns/net: net:[4026532341]). "net:[N]", "[N]" and "N" are all accepted.
f=/root/answers/netns
[ -s "$f" ] || fail_t netns-no-answer file="$f"
raw=$(head -n 1 "$f" | tr -d ' \t\r')
a=$(printf %s "$raw" | tr -cd 0-9)
[ -n "$a" ] || fail_t netns-no-number file="$f" raw="$raw"
want=$(readlink /proc/1/ns/net | tr -cd 0-9)
[ "$a" = "$want" ] && pass_t netns-ok host="$(hostname)" want="$want"
for ns in /proc/1/ns/*; do
  t=$(basename "$ns")
  [ "$(readlink "$ns" | tr -cd 0-9)" = "$a" ] &&
    fail_t netns-other-type answer="$a" type="$t"
done
case "$raw" in
  *net*) fail_t netns-other-host raw="$raw" host="$(hostname)" ;;
esac
fail_t netns-wrong raw="$raw" host="$(hostname)"
