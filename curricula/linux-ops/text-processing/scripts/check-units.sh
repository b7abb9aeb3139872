set -eu
csv=/srv/reports/sales.csv
out=/root/answers/units-by-region.txt
[ -f "$csv" ] || fail "$csv is gone: reset the lab to get it back"
[ -f "$out" ] || fail "$out does not exist yet: one 'REGION UNITS' line per region, sorted by region"

# Units (field 4) summed per region (field 2), header line skipped, sorted by region.
want=$(awk -F, 'NR > 1 { u[$2] += $4 } END { for (r in u) print r, u[r] }' "$csv" | sort)
got=$(cat "$out")
[ "$got" = "$want" ] && pass "$out has the units sold per region: $(printf '%s\n' "$want" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"

total() { printf '%s\n' "$want" | awk -v r="$1" '$1 == r { print $2 }'; }
i=0
while IFS= read -r line || [ -n "$line" ]; do
  i=$((i + 1))
  region=${line%% *}
  n=${line#* }
  case "$line" in
    '') fail "line $i of $out is empty: remove it" ;;
    *,*) fail "line $i is '$line': separate region and units with one space, not a comma" ;;
    region\ *) fail "line $i is '$line': that is the CSV's header line, counted as if it were data. Skip it: NR > 1 in awk (or tail -n +2)" ;;
  esac
  printf '%s\n' "$line" | grep -Eq '^[a-z]+ [0-9]+$' ||
    fail "line $i is '$line': each line must be a region, one space and a whole number, such as '$(printf '%s\n' "$want" | head -n 1)'"
  t=$(total "$region")
  [ -n "$t" ] || fail "line $i names region '$region', which is not in $csv"
  [ "$n" = "$t" ] || fail "line $i says $region sold $n units; the CSV adds up to $t for $region (sum field 4 by field 2)"
done < "$out"
for r in $(printf '%s\n' "$want" | cut -d' ' -f1); do
  grep -q "^$r " "$out" || fail "$out has no line for region $r (it sold $(total "$r") units)"
done
[ "$(sort "$out")" = "$want" ] && fail "$out has the right lines but not sorted by region name (pipe through sort)"
fail "$out names a region more than once: one line per region"
