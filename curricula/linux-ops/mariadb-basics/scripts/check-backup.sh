set -eu
# On db: /root/shop.sql is a dump of shop that restores: loaded into a scratch database,
# it gives the same rows.
f=/root/shop.sql
scratch=opslab_restore_check
[ -s "$f" ] || fail "there is no $f (or it is empty): mariadb-dump shop > $f"
head -c 2000 "$f" | grep -Eq '^-- (MariaDB|MySQL) dump' ||
  fail "$f does not start like a dump from mariadb-dump (-- MariaDB dump ...): write it with mariadb-dump shop > $f"
grep -q 'CREATE TABLE `products`' "$f" || fail "$f has no CREATE TABLE \`products\`: dump the database shop (mariadb-dump shop > $f)"
grep -q 'INSERT INTO `products`' "$f" || fail "$f has the table but no rows (INSERT INTO \`products\`): dumped with --no-data? A backup needs the data"
q() { mariadb -N -B -e "$1"; }
q 'SELECT 1' >/dev/null 2>&1 || fail "cannot log in to MariaDB on db as root: is it running?"
trap 'q "DROP DATABASE IF EXISTS $scratch" >/dev/null 2>&1 || true' EXIT
q "DROP DATABASE IF EXISTS $scratch; CREATE DATABASE $scratch"
# A dump made with --databases switches to shop itself: take those lines out, so that the
# restore goes into the scratch database and never touches shop.
if ! err=$(sed -E '/^(CREATE DATABASE|USE )/d' "$f" | mariadb "$scratch" 2>&1); then
  fail "$f does not restore: $(printf '%s\n' "$err" | head -n 1)"
fi
got=$(q "SELECT name, price FROM $scratch.products ORDER BY name" 2>&1) ||
  fail "restoring $f gives no products table: $(printf '%s\n' "$got" | head -n 1)"
live=$(q "SELECT name, price FROM shop.products ORDER BY name")
[ "$got" = "$live" ] ||
  fail "$f restores, but with other rows than shop.products has now (dump: $(printf '%s' "$got" | tr '\t\n' ' ;')): dump again after the last change"
pass "$f restores into a fresh database with the same $(printf '%s\n' "$got" | grep -c .) rows as shop.products"
