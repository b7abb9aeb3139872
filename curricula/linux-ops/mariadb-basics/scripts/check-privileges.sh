set -eu
# From app, as app: the login works, app can read and change shop's data, and nothing
# more. The probes that must be refused are harmless even when they are not (they name
# things that do not exist), and the error code tells a refusal from a missing object.
pw='Sh0p-app-2024'
m() { mariadb -h "$DB_IP" -u app -p"$pw" --connect-timeout=3 -N -B -e "$1" 2>&1; }
out=$(m 'SELECT CURRENT_USER()') || case "$out" in
  *1130*) fail "MariaDB refuses app's host (1130: Host 'app' is not allowed to connect): no account has a host part that matches app ($APP_IP). CREATE USER 'app'@'%' ..." ;;
  *1045*) fail "MariaDB refuses the login of app with the task's password (1045 Access denied for user 'app'@'app'): wrong password, or no app account for app's host ('app'@'localhost' does not count)" ;;
  *2002* | *2003*) fail "app cannot reach MariaDB on db ($DB_IP:3306): first task" ;;
  *) fail "app cannot log in as app: $(printf '%s\n' "$out" | tail -n 1)" ;;
esac
account="'${out%@*}'@'${out#*@}'"
out=$(m 'SELECT COUNT(*) FROM shop.products') ||
  fail "app logs in as $account, but cannot read shop.products: $(printf '%s\n' "$out" | tail -n 1). GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO ..."
grants=$(m 'SHOW GRANTS') || broken "SHOW GRANTS failed: $grants"
global=$(printf '%s\n' "$grants" | grep ' ON \*\.\* ' | grep -v '^GRANT USAGE ON' | head -n 1 || true)
[ -z "$global" ] && global=$(printf '%s\n' "$grants" | grep ' ON \*\.\* .*WITH GRANT OPTION' | head -n 1 || true)
[ -z "$global" ] ||
  fail "$account has privileges on every database (*.*): ${global%% TO *}. Least privilege: REVOKE ALL PRIVILEGES, GRANT OPTION FROM $account; then GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO $account"
other=$(printf '%s\n' "$grants" | grep -v -e '^GRANT USAGE ON \*\.\* ' -e ' ON `shop`\.' | head -n 1 || true)
[ -z "$other" ] ||
  fail "$account has privileges outside shop: ${other%% TO *}. Revoke them (REVOKE ... ON ... FROM $account): the application needs shop only"
printf '%s\n' "$grants" | grep -q 'WITH GRANT OPTION' &&
  fail "$account has WITH GRANT OPTION: it could hand its rights to other accounts. Grant without it"
printf '%s\n' "$grants" | grep -q '^GRANT ALL PRIVILEGES ON `shop`' &&
  fail "$account has ALL PRIVILEGES on shop, which includes DROP, ALTER and CREATE: the application only reads and writes rows. REVOKE ALL ON shop.* FROM $account; GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO $account"
shop=$(printf '%s\n' "$grants" | grep -E ' ON `shop`\.(\*|`products`) TO ' || true)
for p in SELECT INSERT UPDATE DELETE; do
  case "$shop" in *"$p"*) ;; *) fail "$account lacks $p on shop (SHOW GRANTS: $(printf '%s' "$shop" | sed 's/ TO .*//' | tr '\n' ';')): GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO $account" ;; esac
done
# Behaviour: what must be refused is refused (a refusal is 1044, 1142 or 1227; a privileged
# account gets "does not exist" instead).
out=$(m 'DROP TABLE shop.opslab_no_such_table') || true
case "$out" in *1142*) ;; *) fail "app is not refused DROP TABLE in shop ($(printf '%s' "$out" | tail -n 1)): it holds DROP there. Grant only SELECT, INSERT, UPDATE, DELETE" ;; esac
out=$(m 'DROP DATABASE opslab_no_such_db') || true
case "$out" in *1044*) ;; *) fail "app is not refused DROP DATABASE ($(printf '%s' "$out" | tail -n 1)): it holds DROP on databases beyond its rows" ;; esac
out=$(m "DROP USER 'opslab-nobody'@'nowhere'") || true
case "$out" in *1227*) ;; *) fail "app is not refused DROP USER ($(printf '%s' "$out" | tail -n 1)): it can manage accounts (CREATE USER privilege)" ;; esac
out=$(m 'SELECT COUNT(*) FROM mysql.user') || true
case "$out" in *1142* | *1044*) ;; *) fail "app can read mysql.user, the account table: it has privileges outside shop" ;; esac
pass "app logs in as $account, reads shop.products, holds SELECT, INSERT, UPDATE, DELETE on shop and nothing more"
