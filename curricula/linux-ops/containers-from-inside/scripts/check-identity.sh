set -eu
# /root/answers/identity on this host: hostname=, kernel=, boot_id=, netns= lines, each
# recomputed here (hostname, uname -r, /proc/sys/kernel/random/boot_id, /proc/1/ns/net).
f=/root/answers/identity
me=$(hostname)
[ -s "$f" ] || fail "there is no $f on $me yet: write four lines into it, hostname=..., kernel=..., boot_id=..., netns=... (each host's own values, in its own terminal)"
get() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$f" | tail -n 1 | tr -d ' \t\r'; }
for k in hostname kernel boot_id netns; do
  [ -n "$(get "$k")" ] || fail "$f on $me has no line $k=...: it needs hostname=, kernel=, boot_id= and netns= (one per line, no spaces needed)"
done
expect_eq "$(get hostname)" "$me" "the hostname= line of $f on $me is wrong (hostname prints it)"
expect_eq "$(get kernel)" "$(uname -r)" "the kernel= line of $f on $me is wrong (uname -r prints the kernel release)"
expect_eq "$(get boot_id)" "$(cat /proc/sys/kernel/random/boot_id)" "the boot_id= line of $f on $me is wrong (cat /proc/sys/kernel/random/boot_id)"
want=$(readlink /proc/1/ns/net | tr -cd 0-9)
got=$(get netns | tr -cd 0-9)
other=''
[ "${#got}" -eq "${#want}" ] && other='; is it the value of the other host?'
[ "$got" = "$want" ] ||
  fail "the netns= line of $f on $me says '$(get netns)', but $me's network namespace is $want (readlink /proc/1/ns/net$other)"
pass "$f on $me is right: hostname=$me, kernel=$(uname -r), netns=$want"
