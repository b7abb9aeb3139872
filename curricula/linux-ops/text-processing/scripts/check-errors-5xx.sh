set -eu
log=/srv/logs/access.log
out=/root/answers/errors-5xx.log
[ -f "$log" ] || fail_t gone path="$log"
[ -f "$out" ] || fail_t no-errors-answer out="$out" log="$log"

want=$(mktemp)
trap 'rm -f "$want"' EXIT
# The status is field 9 of the combined format.
awk '$9 ~ /^5[0-9][0-9]$/' "$log" > "$want"
cmp -s "$want" "$out" && pass_t errors-ok out="$out" count="$(wc -l < "$want")"

n_want=$(wc -l < "$want")
n_out=$(grep -c '' "$out" || true)
grep -q '^$' "$out" && fail_t errors-empty-lines out="$out"
# A line of the answer that is not a 5xx line of the log.
extra=$(grep -vxF -f "$want" "$out" | head -n 1 || true)
if [ -n "$extra" ]; then
  if grep -qxF -- "$extra" "$log"; then
    status=$(printf '%s\n' "$extra" | awk '{ print $9 }')
    fail_t errors-not-5xx out="$out" status="$status" line="$(printf '%s' "$extra" | cut -c1-90)"
  fi
  fail_t errors-changed-line out="$out" log="$log" line="$(printf '%s' "$extra" | cut -c1-90)"
fi
missing=$(grep -vxF -f "$out" "$want" | head -n 1 || true)
if [ -n "$missing" ]; then
  status=$(printf '%s\n' "$missing" | awk '{ print $9 }')
  fail_t errors-missing out="$out" n_out="$n_out" n_want="$n_want" status="$status" line="$(printf '%s' "$missing" | cut -c1-90)"
fi
[ "$n_out" -gt "$n_want" ] && fail_t errors-twice out="$out" n_out="$n_out" n_want="$n_want"
fail_t errors-order out="$out"
