set -eu
# /root/answers/identity on this host: hostname=, kernel=, boot_id=, netns= lines, each
# recomputed here (hostname, uname -r, /proc/sys/kernel/random/boot_id, /proc/1/ns/net).
f=/root/answers/identity
me=$(hostname)
[ -s "$f" ] || fail_t identity-no-answer file="$f" host="$me"
get() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$f" | tail -n 1 | tr -d ' \t\r'; }
for k in hostname kernel boot_id netns; do
  [ -n "$(get "$k")" ] || fail_t identity-no-line file="$f" host="$me" line="$k"
done
[ "$(get hostname)" = "$me" ] || fail_t identity-hostname-wrong file="$f" host="$me" want="$me" got="$(get hostname)"
[ "$(get kernel)" = "$(uname -r)" ] || fail_t identity-kernel-wrong file="$f" host="$me" want="$(uname -r)" got="$(get kernel)"
boot_id=$(cat /proc/sys/kernel/random/boot_id)
[ "$(get boot_id)" = "$boot_id" ] || fail_t identity-boot-id-wrong file="$f" host="$me" want="$boot_id" got="$(get boot_id)"
want=$(readlink /proc/1/ns/net | tr -cd 0-9)
got=$(get netns | tr -cd 0-9)
if [ "$got" != "$want" ]; then
  # A number of the same length is most likely the other host's namespace.
  [ "${#got}" -ne "${#want}" ] || fail_t identity-netns-other-host file="$f" host="$me" said="$(get netns)" want="$want"
  fail_t identity-netns-wrong file="$f" host="$me" said="$(get netns)" want="$want"
fi
pass_t identity-ok file="$f" host="$me" kernel="$(uname -r)" netns="$want"
