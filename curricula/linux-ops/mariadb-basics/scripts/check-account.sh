set -eu
# On db, as root: an account app for a host that matches app, with the task's password.
pw='Sh0p-app-2024'
q() { mariadb -N -B -e "$1"; }
q 'SELECT 1' >/dev/null 2>&1 || fail_t root-cannot-log-in
accounts=$(q "SELECT Host FROM mysql.user WHERE User = 'app'")
[ -n "$accounts" ] || fail_t no-app-account pw="$pw"
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
  fail_t app-account-wrong-host list="${list% }" app_ip="$APP_IP" pw="$pw"
fi
plugin=$(q "SELECT plugin FROM mysql.user WHERE User = 'app' AND Host = '$match'")
auth=$(q "SELECT authentication_string FROM mysql.user WHERE User = 'app' AND Host = '$match'")
[ -n "$auth" ] || case "$plugin" in
  unix_socket) fail_t app-unix-socket match="$match" pw="$pw" ;;
  *) fail_t app-no-password match="$match" pw="$pw" ;;
esac
if [ "$plugin" = mysql_native_password ] || [ -z "$plugin" ]; then
  same=$(q "SELECT PASSWORD('$pw') = '$auth'")
  [ "$same" = 1 ] || fail_t app-wrong-password match="$match" pw="$pw"
fi
pass_t account-ok match="$match"
