set -eu
log=/srv/logs/access.log
out=/root/answers/errors-5xx.log
[ -f "$log" ] || fail "$log is gone: reset the lab to get it back"
[ -f "$out" ] || fail "$out does not exist yet: put every line of $log with a 5xx status into it"

want=$(mktemp)
trap 'rm -f "$want"' EXIT
# The status is field 9 of the combined format.
awk '$9 ~ /^5[0-9][0-9]$/' "$log" > "$want"
cmp -s "$want" "$out" && pass "$out holds all $(wc -l < "$want") lines with a 5xx status, in the log's order"

n_want=$(wc -l < "$want")
n_out=$(grep -c '' "$out" || true)
grep -q '^$' "$out" && fail "$out has empty lines: remove them (the log has none)"
# A line of the answer that is not a 5xx line of the log.
extra=$(grep -vxF -f "$want" "$out" | head -n 1 || true)
if [ -n "$extra" ]; then
  if grep -qxF -- "$extra" "$log"; then
    status=$(printf '%s\n' "$extra" | awk '{ print $9 }')
    fail "$out has a line with status $status, not 5xx: '$(printf '%s' "$extra" | cut -c1-90)...'. Match the status field itself (\$9 in awk): 5 and two digits also occur in URLs and sizes"
  fi
  fail "$out has a line that is not in $log exactly as it is: '$(printf '%s' "$extra" | cut -c1-90)': copy the lines unchanged"
fi
missing=$(grep -vxF -f "$out" "$want" | head -n 1 || true)
if [ -n "$missing" ]; then
  status=$(printf '%s\n' "$missing" | awk '{ print $9 }')
  fail "$out has $n_out lines but the log has $n_want with a 5xx status; it misses for example this one (status $status): '$(printf '%s' "$missing" | cut -c1-90)...'"
fi
[ "$n_out" -gt "$n_want" ] && fail "$out has $n_out lines, the log only $n_want with a 5xx status: some lines appear twice"
fail "$out has the right lines but not in the log's order: keep the order (grep and awk keep it, sort does not)"
