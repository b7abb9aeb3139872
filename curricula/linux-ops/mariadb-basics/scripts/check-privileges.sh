set -eu
# From app, as app: the login works, app can read and change shop's data, and nothing
# more. The probes that must be refused are harmless even when they are not (they name
# things that do not exist), and the error code tells a refusal from a missing object.
pw='Sh0p-app-2024'
m() { mariadb -h "$DB_IP" -u app -p"$pw" --connect-timeout=3 -N -B -e "$1" 2>&1; }
out=$(m 'SELECT CURRENT_USER()') || case "$out" in
  *1130*) fail_t host-not-allowed app_ip="$APP_IP" ;;
  *1045*) fail_t access-denied ;;
  *2002* | *2003*) fail_t app-cannot-reach-db db_ip="$DB_IP" ;;
  *) fail_t app-login-fails out="$(printf '%s\n' "$out" | tail -n 1)" ;;
esac
account="'${out%@*}'@'${out#*@}'"
out=$(m 'SELECT COUNT(*) FROM shop.products') ||
  fail_t cannot-read-products account="$account" out="$(printf '%s\n' "$out" | tail -n 1)"
grants=$(m 'SHOW GRANTS') || broken "SHOW GRANTS failed: $grants"
global=$(printf '%s\n' "$grants" | grep ' ON \*\.\* ' | grep -v '^GRANT USAGE ON' | head -n 1 || true)
[ -z "$global" ] && global=$(printf '%s\n' "$grants" | grep ' ON \*\.\* .*WITH GRANT OPTION' | head -n 1 || true)
[ -z "$global" ] ||
  fail_t global-privileges account="$account" global="${global%% TO *}"
other=$(printf '%s\n' "$grants" | grep -v -e '^GRANT USAGE ON \*\.\* ' -e ' ON `shop`\.' | head -n 1 || true)
[ -z "$other" ] ||
  fail_t privileges-outside-shop account="$account" other="${other%% TO *}"
printf '%s\n' "$grants" | grep -q 'WITH GRANT OPTION' &&
  fail_t has-grant-option account="$account"
printf '%s\n' "$grants" | grep -q '^GRANT ALL PRIVILEGES ON `shop`' &&
  fail_t all-privileges-on-shop account="$account"
shop=$(printf '%s\n' "$grants" | grep -E ' ON `shop`\.(\*|`products`) TO ' || true)
for p in SELECT INSERT UPDATE DELETE; do
  case "$shop" in *"$p"*) ;; *) fail_t lacks-privilege account="$account" p="$p" out="$(printf '%s' "$shop" | sed 's/ TO .*//' | tr '\n' ';')" ;; esac
done
# Behaviour: what must be refused is refused (a refusal is 1044, 1142 or 1227; a privileged
# account gets "does not exist" instead).
out=$(m 'DROP TABLE shop.opslab_no_such_table') || true
case "$out" in *1142*) ;; *) fail_t drop-table-allowed out="$(printf '%s' "$out" | tail -n 1)" ;; esac
out=$(m 'DROP DATABASE opslab_no_such_db') || true
case "$out" in *1044*) ;; *) fail_t drop-database-allowed out="$(printf '%s' "$out" | tail -n 1)" ;; esac
out=$(m "DROP USER 'opslab-nobody'@'nowhere'") || true
case "$out" in *1227*) ;; *) fail_t drop-user-allowed out="$(printf '%s' "$out" | tail -n 1)" ;; esac
out=$(m 'SELECT COUNT(*) FROM mysql.user') || true
case "$out" in *1142* | *1044*) ;; *) fail_t reads-mysql-user ;; esac
pass_t privileges-ok account="$account"
