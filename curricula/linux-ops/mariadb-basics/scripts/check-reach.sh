set -eu
# From app: a TCP connection to db:3306 reaches MariaDB, which answers the handshake (with
# an unknown user it then refuses the login: that still proves the server was reached).
if ! nc -z -w 3 "$DB_IP" 3306 </dev/null 2>/dev/null; then
  fail "app cannot connect to db ($DB_IP) port 3306: MariaDB is not running there, or listens on 127.0.0.1 only (bind-address)"
fi
out=$(mariadb -h "$DB_IP" -u opslab-probe -pnot-a-password --connect-timeout=3 -N -e 'SELECT 1' 2>&1) && rc=0 || rc=$?
case "$out" in
  *1045* | *1130* | *1698*) pass "app reaches MariaDB on $DB_IP:3306 (it answers, and refuses an unknown user as it should)" ;;
esac
[ "$rc" -eq 0 ] && fail "MariaDB on db lets an unknown user log in without the right password: is there an anonymous account (''@'%')? DROP USER ''@'%'"
fail "app connects to $DB_IP:3306, but MariaDB does not answer properly: $(printf '%s\n' "$out" | head -n 1)"
