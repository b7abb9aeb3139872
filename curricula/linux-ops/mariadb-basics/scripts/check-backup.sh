set -eu
# On db: /root/shop.sql is a dump of shop that restores: loaded into a scratch database,
# it gives the same rows.
f=/root/shop.sql
scratch=opslab_restore_check
[ -s "$f" ] || fail_t dump-missing f="$f"
head -c 2000 "$f" | grep -Eq '^-- (MariaDB|MySQL) dump' ||
  fail_t dump-not-mariadb-dump f="$f"
grep -q 'CREATE TABLE `products`' "$f" || fail_t dump-no-create-table f="$f"
grep -q 'INSERT INTO `products`' "$f" || fail_t dump-no-rows f="$f"
q() { mariadb -N -B -e "$1"; }
q 'SELECT 1' >/dev/null 2>&1 || fail_t root-cannot-log-in-short
trap 'q "DROP DATABASE IF EXISTS $scratch" >/dev/null 2>&1 || true' EXIT
q "DROP DATABASE IF EXISTS $scratch; CREATE DATABASE $scratch"
# A dump made with --databases switches to shop itself: take those lines out, so that the
# restore goes into the scratch database and never touches shop.
if ! err=$(sed -E '/^(CREATE DATABASE|USE )/d' "$f" | mariadb "$scratch" 2>&1); then
  fail_t dump-does-not-restore f="$f" out="$(printf '%s\n' "$err" | head -n 1)"
fi
got=$(q "SELECT name, price FROM $scratch.products ORDER BY name" 2>&1) ||
  fail_t restore-no-table f="$f" out="$(printf '%s\n' "$got" | head -n 1)"
live=$(q "SELECT name, price FROM shop.products ORDER BY name")
[ "$got" = "$live" ] ||
  fail_t restore-other-rows f="$f" out="$(printf '%s' "$got" | tr '\t\n' ' ;')"
pass_t backup-ok f="$f" out="$(printf '%s\n' "$got" | grep -c .)"
