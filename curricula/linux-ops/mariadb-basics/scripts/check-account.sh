set -eu
# On db, as root: an account app for a host that matches app, with the task's password.
pw='Sh0p-app-2024'
q() { mariadb -N -B -e "$1"; }
q 'SELECT 1' >/dev/null 2>&1 || fail "cannot log in to MariaDB on db as root: is it running? (service mariadb start)"
accounts=$(q "SELECT Host FROM mysql.user WHERE User = 'app'")
[ -n "$accounts" ] || fail "there is no account app: CREATE USER 'app'@'%' IDENTIFIED BY '$pw';"
# An account matches app when its host part is %, app's address or name, or a pattern of
# app's network (10.1.2.% or 10.1.2.0/255.255.255.0).
net=${APP_IP%.*}
match=''
for h in $accounts; do
  case "$h" in
    '%' | "$APP_IP" | app | "$net.%" | "$net.0/255.255.255.0") match=$h; break ;;
  esac
done
if [ -z "$match" ]; then
  list=$(printf "'app'@'%s' " $accounts)
  fail "the only app account(s): ${list% }. A host part is where the client connects from: app connects from $APP_IP (MariaDB sees it as 'app'), so 'app'@'localhost' is only for logins on db itself. CREATE USER 'app'@'%' (or 'app'@'$APP_IP') IDENTIFIED BY '$pw'"
fi
plugin=$(q "SELECT plugin FROM mysql.user WHERE User = 'app' AND Host = '$match'")
auth=$(q "SELECT authentication_string FROM mysql.user WHERE User = 'app' AND Host = '$match'")
[ -n "$auth" ] || case "$plugin" in
  unix_socket) fail "'app'@'$match' uses unix_socket authentication, which works only for a local Unix user app on db: give it the password instead (ALTER USER 'app'@'$match' IDENTIFIED BY '$pw')" ;;
  *) fail "'app'@'$match' has no password: anyone who can reach port 3306 logs in as app. ALTER USER 'app'@'$match' IDENTIFIED BY '$pw'" ;;
esac
if [ "$plugin" = mysql_native_password ] || [ -z "$plugin" ]; then
  same=$(q "SELECT PASSWORD('$pw') = '$auth'")
  [ "$same" = 1 ] || fail "'app'@'$match' has a password other than '$pw' (the task's): ALTER USER 'app'@'$match' IDENTIFIED BY '$pw'"
fi
pass "'app'@'$match' exists with the task's password"
