set -eu
# From app: a TCP connection to db:3306 reaches MariaDB, which answers the handshake (with
# an unknown user it then refuses the login: that still proves the server was reached).
if ! nc -z -w 3 "$DB_IP" 3306 </dev/null 2>/dev/null; then
  fail_t reach-no-connection db_ip="$DB_IP"
fi
out=$(mariadb -h "$DB_IP" -u opslab-probe -pnot-a-password --connect-timeout=3 -N -e 'SELECT 1' 2>&1) && rc=0 || rc=$?
case "$out" in
  *1045* | *1130* | *1698*) pass_t reach-ok db_ip="$DB_IP" ;;
esac
[ "$rc" -eq 0 ] && fail_t anonymous-login
fail_t reach-bad-answer db_ip="$DB_IP" out="$(printf '%s\n' "$out" | head -n 1)"
