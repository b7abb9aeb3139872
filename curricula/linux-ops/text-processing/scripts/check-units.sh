set -eu
csv=/srv/reports/sales.csv
out=/root/answers/units-by-region.txt
[ -f "$csv" ] || fail_t gone path="$csv"
[ -f "$out" ] || fail_t no-units-answer out="$out"

# Units (field 4) summed per region (field 2), header line skipped, sorted by region.
want=$(awk -F, 'NR > 1 { u[$2] += $4 } END { for (r in u) print r, u[r] }' "$csv" | sort)
got=$(cat "$out")
[ "$got" = "$want" ] && pass_t units-ok out="$out" units="$(printf '%s\n' "$want" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"

total() { printf '%s\n' "$want" | awk -v r="$1" '$1 == r { print $2 }'; }
i=0
while IFS= read -r line || [ -n "$line" ]; do
  i=$((i + 1))
  region=${line%% *}
  n=${line#* }
  case "$line" in
    '') fail_t units-empty-line line="$i" out="$out" ;;
    *,*) fail_t units-comma line="$i" text="$line" ;;
    region\ *) fail_t units-header line="$i" text="$line" ;;
  esac
  printf '%s\n' "$line" | grep -Eq '^[a-z]+ [0-9]+$' ||
    fail_t units-bad-line line="$i" text="$line" example="$(printf '%s\n' "$want" | head -n 1)"
  t=$(total "$region")
  [ -n "$t" ] || fail_t units-unknown-region line="$i" region="$region" csv="$csv"
  [ "$n" = "$t" ] || fail_t units-wrong-sum line="$i" region="$region" n="$n" t="$t"
done < "$out"
for r in $(printf '%s\n' "$want" | cut -d' ' -f1); do
  grep -q "^$r " "$out" || fail_t units-missing-region out="$out" region="$r" units="$(total "$r")"
done
[ "$(sort "$out")" = "$want" ] && fail_t units-not-sorted out="$out"
fail_t units-repeated out="$out"
