set -eu
# On db, as root over the socket: database shop, table products with the asked columns
# and rows.
q() { mariadb -N -B -e "$1"; }
q 'SELECT 1' >/dev/null 2>&1 || fail "cannot log in to MariaDB on db as root: is it running? (service mariadb start)"
if [ -z "$(q "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'shop'")" ]; then
  other=$(q "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE LOWER(SCHEMA_NAME) = 'shop'" | head -n 1)
  [ -n "$other" ] && fail "the database is called $other: on Linux, database and table names are case-sensitive. It must be shop: CREATE DATABASE shop (there is no RENAME DATABASE)"
  fail "there is no database shop: CREATE DATABASE shop;"
fi
if [ -z "$(q "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'products'")" ]; then
  tables=$(q "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop'" | tr '\n' ' ')
  [ -n "$tables" ] && fail "shop has no table products (it has: ${tables% }): RENAME TABLE shop.${tables%% *} TO shop.products, or create it"
  fail "shop has no table products: USE shop; CREATE TABLE products (...);"
fi
cols=$(q "SELECT COLUMN_NAME, DATA_TYPE, IFNULL(CHARACTER_MAXIMUM_LENGTH, 0), IFNULL(NUMERIC_SCALE, 0), IS_NULLABLE, COLUMN_KEY, EXTRA
          FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'products'")
col() { printf '%s\n' "$cols" | awk -F '\t' -v c="$1" '$1 == c'; }
# f ROW N: field N of a tab-separated row (empty fields kept, unlike read with IFS=tab).
f() { printf '%s\n' "$1" | awk -F '\t' -v i="$2" '{ print $i }'; }
idc=$(col id); namec=$(col name); pricec=$(col price)
[ -n "$idc" ] || fail "shop.products has no column id (columns: $(printf '%s\n' "$cols" | cut -f 1 | tr '\n' ' '))"
[ -n "$namec" ] || fail "shop.products has no column name"
[ -n "$pricec" ] || fail "shop.products has no column price"
type=$(f "$idc" 2) key=$(f "$idc" 6) extra=$(f "$idc" 7)
case "$type" in int | bigint | mediumint) ;; *) fail "products.id is $type: make it INT" ;; esac
[ "$key" = PRI ] || fail "products.id is not the primary key: id INT AUTO_INCREMENT PRIMARY KEY"
case "$extra" in *auto_increment*) ;; *) fail "products.id is not AUTO_INCREMENT: the database must number new rows itself" ;; esac
type=$(f "$namec" 2) len=$(f "$namec" 3) null=$(f "$namec" 5)
[ "$type" = varchar ] || fail "products.name is $type: make it VARCHAR(100)"
[ "$len" -ge 100 ] || fail "products.name is VARCHAR($len): make it VARCHAR(100), long enough for every product name"
[ "$null" = NO ] || fail "products.name allows NULL: a product without a name makes no sense, declare it NOT NULL"
type=$(f "$pricec" 2) scale=$(f "$pricec" 4) null=$(f "$pricec" 5)
case "$type" in
  decimal) ;;
  float | double) fail "products.price is $type: binary floating point cannot hold 0.10 exactly, and sums of prices drift by cents. Money is DECIMAL(8,2): ALTER TABLE shop.products MODIFY price DECIMAL(8,2) NOT NULL" ;;
  *) fail "products.price is $type: make it DECIMAL(8,2)" ;;
esac
[ "$scale" = 2 ] || fail "products.price is a DECIMAL with $scale decimal places: prices have 2, DECIMAL(8,2)"
[ "$null" = NO ] || fail "products.price allows NULL: declare it NOT NULL"

rows=$(q "SELECT name, price FROM shop.products ORDER BY name")
want=$(printf 'Desk lamp\t24.90\nNotebook\t3.50\nOffice chair\t149.00')
if [ "$rows" != "$want" ]; then
  n=$(printf '%s\n' "$rows" | grep -c . || true)
  [ "$n" -eq 3 ] || fail "shop.products has $n row(s), expected the 3 of the task: $(printf '%s' "$rows" | tr '\t\n' ' ;')"
  fail "shop.products does not hold the rows of the task. It has: $(printf '%s' "$rows" | tr '\t\n' ' ;'); expected: Desk lamp 24.90; Notebook 3.50; Office chair 149.00"
fi
pass "shop.products has id (INT, AUTO_INCREMENT, primary key), name VARCHAR, price DECIMAL(_,2), and the 3 rows"
