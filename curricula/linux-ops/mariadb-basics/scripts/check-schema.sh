set -eu
# On db, as root over the socket: database shop, table products with the asked columns
# and rows.
q() { mariadb -N -B -e "$1"; }
q 'SELECT 1' >/dev/null 2>&1 || fail_t root-cannot-log-in
if [ -z "$(q "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'shop'")" ]; then
  other=$(q "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE LOWER(SCHEMA_NAME) = 'shop'" | head -n 1)
  [ -n "$other" ] && fail_t database-wrong-case other="$other"
  fail_t no-database-shop
fi
if [ -z "$(q "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'products'")" ]; then
  tables=$(q "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop'" | tr '\n' ' ')
  [ -n "$tables" ] && fail_t table-wrong-name tables="${tables% }" tables2="${tables%% *}"
  fail_t no-table-products
fi
cols=$(q "SELECT COLUMN_NAME, DATA_TYPE, IFNULL(CHARACTER_MAXIMUM_LENGTH, 0), IFNULL(NUMERIC_SCALE, 0), IS_NULLABLE, COLUMN_KEY, EXTRA
          FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'products'")
col() { printf '%s\n' "$cols" | awk -F '\t' -v c="$1" '$1 == c'; }
# f ROW N: field N of a tab-separated row (empty fields kept, unlike read with IFS=tab).
f() { printf '%s\n' "$1" | awk -F '\t' -v i="$2" '{ print $i }'; }
idc=$(col id); namec=$(col name); pricec=$(col price)
[ -n "$idc" ] || fail_t no-column-id out="$(printf '%s\n' "$cols" | cut -f 1 | tr '\n' ' ')"
[ -n "$namec" ] || fail_t no-column-name
[ -n "$pricec" ] || fail_t no-column-price
type=$(f "$idc" 2) key=$(f "$idc" 6) extra=$(f "$idc" 7)
case "$type" in int | bigint | mediumint) ;; *) fail_t id-wrong-type type="$type" ;; esac
[ "$key" = PRI ] || fail_t id-not-primary-key
case "$extra" in *auto_increment*) ;; *) fail_t id-not-auto-increment ;; esac
type=$(f "$namec" 2) len=$(f "$namec" 3) null=$(f "$namec" 5)
[ "$type" = varchar ] || fail_t name-wrong-type type="$type"
[ "$len" -ge 100 ] || fail_t name-too-short len="$len"
[ "$null" = NO ] || fail_t name-nullable
type=$(f "$pricec" 2) scale=$(f "$pricec" 4) null=$(f "$pricec" 5)
case "$type" in
  decimal) ;;
  float | double) fail_t price-float type="$type" ;;
  *) fail_t price-wrong-type type="$type" ;;
esac
[ "$scale" = 2 ] || fail_t price-wrong-scale scale="$scale"
[ "$null" = NO ] || fail_t price-nullable

rows=$(q "SELECT name, price FROM shop.products ORDER BY name")
want=$(printf 'Desk lamp\t24.90\nNotebook\t3.50\nOffice chair\t149.00')
if [ "$rows" != "$want" ]; then
  n=$(printf '%s\n' "$rows" | grep -c . || true)
  [ "$n" -eq 3 ] || fail_t wrong-row-count n="$n" out="$(printf '%s' "$rows" | tr '\t\n' ' ;')"
  fail_t wrong-rows out="$(printf '%s' "$rows" | tr '\t\n' ' ;')"
fi
pass_t schema-ok
