set -eu
# From client: a passive-mode download works through ftp's firewall, which opens only 21
# and 40000-40100.
# dialogue: scripts/lib.sh.
out=$(dialogue 'USER alice\r\nPASS ftp-Alice-24\r\nPASV\r\nQUIT\r\n')
case "$out" in
  '') fail_t ftp-no-answer ftp_ip="$FTP_IP" ;;
  *'230 '*) ;;
  *) fail_t alice-no-login-yet reply="$(printf '%s\n' "$out" | grep -m 1 -E '^(5[0-9][0-9]|OOPS)' || printf '%s' "$out" | tail -n 1)" ;;
esac
reply=$(printf '%s\n' "$out" | grep -m 1 '^227 ' || true)
[ -n "$reply" ] || fail_t no-passive reply="$(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')"
set -- $(printf '%s\n' "$reply" | sed -n 's/.*(\([0-9,]*\)).*/\1/p' | tr ',' ' ')
[ "$#" -eq 6 ] || broken "cannot read the PASV reply: $reply"
addr="$1.$2.$3.$4" port=$(( $5 * 256 + $6 ))
[ "$addr" = "$FTP_IP" ] ||
  fail_t pasv-address-wrong addr="$addr" ftp_ip="$FTP_IP"
if [ "$port" -lt 40000 ] || [ "$port" -gt 40100 ]; then
  fail_t pasv-port-outside port="$port"
fi
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
rc=0
curl -sS --ftp-pasv --connect-timeout 6 --max-time 12 -o "$tmp" "ftp://alice:ftp-Alice-24@$FTP_IP/welcome.txt" 2>"$tmp.err" || rc=$?
err=$(cat "$tmp.err"); rm -f "$tmp.err"
case "$rc" in
  0) ;;
  28 | 7) fail_t passive-data-fails port="$port" err="$err" ;;
  78) fail_t welcome-gone err="$err" ;;
  *) fail_t passive-download-fails rc="$rc" err="$err" ;;
esac
grep -q 'welcome to the lab FTP server' "$tmp" ||
  fail_t welcome-wrong
pass_t passive-ok port="$port"
