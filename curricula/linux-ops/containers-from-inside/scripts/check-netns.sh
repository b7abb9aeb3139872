set -eu
# /root/answers/netns: the inode number of this host's network namespace, as PID 1 has it
# (readlink /proc/1/ns/net: net:[4026532341]). "net:[N]", "[N]" and "N" are all accepted.
f=/root/answers/netns
[ -s "$f" ] || fail "there is no $f yet: write the network namespace of PID 1 into it (readlink /proc/1/ns/net)"
raw=$(head -n 1 "$f" | tr -d ' \t\r')
a=$(printf %s "$raw" | tr -cd 0-9)
[ -n "$a" ] || fail "$f says '$raw', with no number in it: readlink /proc/1/ns/net prints net:[NUMBER]"
want=$(readlink /proc/1/ns/net | tr -cd 0-9)
[ "$a" = "$want" ] && pass "PID 1 of $(hostname) is in network namespace $want"
for ns in /proc/1/ns/*; do
  t=$(basename "$ns")
  [ "$(readlink "$ns" | tr -cd 0-9)" = "$a" ] &&
    fail "$a is the $t namespace of PID 1, not its network namespace: readlink /proc/1/ns/net"
done
case "$raw" in
  *net*) fail "$raw is not the network namespace of $(hostname): every lab host has its own, so read it in $(hostname)'s terminal (readlink /proc/1/ns/net)" ;;
esac
fail "$raw is not a namespace of $(hostname): readlink /proc/1/ns/net prints net:[NUMBER]"
