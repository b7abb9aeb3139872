set -eu
# From client: a passive-mode download works through ftp's firewall, which opens only 21
# and 40000-40100.
# dialogue: scripts/lib.sh.
out=$(dialogue 'USER alice\r\nPASS ftp-Alice-24\r\nPASV\r\nQUIT\r\n')
case "$out" in
  '') fail "nothing answers on ftp ($FTP_IP) port 21: start vsftpd on ftp" ;;
  *'230 '*) ;;
  *) fail "alice cannot log in on ftp yet (first task): $(printf '%s\n' "$out" | grep -m 1 -E '^(5[0-9][0-9]|OOPS)' || printf '%s' "$out" | tail -n 1)" ;;
esac
reply=$(printf '%s\n' "$out" | grep -m 1 '^227 ' || true)
[ -n "$reply" ] || fail "ftp does not enter passive mode (no 227 reply to PASV): $(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')"
set -- $(printf '%s\n' "$reply" | sed -n 's/.*(\([0-9,]*\)).*/\1/p' | tr ',' ' ')
[ "$#" -eq 6 ] || broken "cannot read the PASV reply: $reply"
addr="$1.$2.$3.$4" port=$(( $5 * 256 + $6 ))
[ "$addr" = "$FTP_IP" ] ||
  fail "ftp's PASV reply tells clients to connect to $addr, not to its address $FTP_IP: remove pasv_address from /etc/vsftpd.conf (it is for servers behind NAT)"
if [ "$port" -lt 40000 ] || [ "$port" -gt 40100 ]; then
  fail "ftp offers passive data port $port, outside the range its firewall opens (40000-40100), so the data connection is dropped and every listing or download hangs: pasv_min_port=40000 and pasv_max_port=40100 in /etc/vsftpd.conf, then restart vsftpd"
fi
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
rc=0
curl -sS --ftp-pasv --connect-timeout 6 --max-time 12 -o "$tmp" "ftp://alice:ftp-Alice-24@$FTP_IP/welcome.txt" 2>"$tmp.err" || rc=$?
err=$(cat "$tmp.err"); rm -f "$tmp.err"
case "$rc" in
  0) ;;
  28 | 7) fail "ftp offered port $port, but the passive data connection still fails (curl: $err)" ;;
  78) fail "alice's welcome.txt is gone from her home on ftp (curl: $err)" ;;
  *) fail "the passive download of welcome.txt fails (curl exit $rc: $err)" ;;
esac
grep -q 'welcome to the lab FTP server' "$tmp" ||
  fail "the passive download of welcome.txt works, but the file does not say 'welcome to the lab FTP server'"
pass "passive mode: ftp offers port $port (inside 40000-40100) and client downloads welcome.txt"
