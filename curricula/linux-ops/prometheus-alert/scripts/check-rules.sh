set -eu
# Task "alert", on monitor. Prometheus has loaded the alerting rules InstanceDown and
# PoolServerDown (promtool accepts their files), each with a for: duration, a severity label and
# a summary annotation, evaluated every 2 s; with every server up, neither is pending or firing.
prom_get /api/v1/rules
rules=$(printf '%s\n' "$prom_json" | sed 's/{"state":/\n&/g; s/"interval":/\n&/g' | awk '
  function field(name,   re) {
    re = "\"" name "\":\"[^\"]*\""
    if (!match($0, re)) return ""
    return substr($0, RSTART + length(name) + 4, RLENGTH - length(name) - 5)
  }
  function num(name,   re) {
    re = "\"" name "\":[0-9.]+"
    if (!match($0, re)) return ""
    return substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 3)
  }
  /^{"state":/ && /"type":"alerting"/ { print "rule|" field("name") "|" field("state") "|" num("duration") "|" field("severity") "|" field("summary") "|" field("health") "|" field("lastError") "|" field("query") }
  /^"interval":/ { print "group|" num("interval") }')
files=$(printf '%s\n' "$prom_json" | grep -o '"file":"[^"]*"' | cut -d'"' -f4 | sort -u)
[ -n "$files" ] ||
  fail_t rules-none
for f in $files; do
  out=$(promtool check rules "$f" 2>&1) || fail_t rules-invalid f="$f" error="$(printf '%s\n' "$out" | grep -iE 'fail|error' | tail -n 1)"
done
slow=$(printf '%s\n' "$rules" | awk -F'|' '$1 == "group" && $2 > 2 { print $2; exit }')
[ -z "$slow" ] || fail_t rules-slow-group slow="${slow}"

for want in InstanceDown:critical PoolServerDown:warning; do
  name=${want%%:*} sev=${want#*:}
  line=$(printf '%s\n' "$rules" | awk -F'|' -v n="$name" '$1 == "rule" && $2 == n' | head -n 1)
  if [ -z "$line" ]; then
    near=$(printf '%s\n' "$rules" | awk -F'|' -v n="$name" '$1 == "rule" && tolower($2) == tolower(n) { print $2; exit }')
    [ -n "$near" ] && fail_t rule-name-case near="$near" name="$name"
    fail_t rule-missing name="$name" files="$(echo $files)"
  fi
  IFS='|' read -r _ _ state dur severity summary health lasterr query <<LINE
$line
LINE
  [ "$health" != err ] || fail_t rule-eval-error name="$name" lasterr="$lasterr"
  case "$dur" in
    "" | 0) fail_t rule-no-for name="$name" ;;
  esac
  awk -v d="$dur" 'BEGIN { exit !(d > 6) }' && fail_t rule-for-long name="$name" dur="${dur}"
  awk -v d="$dur" 'BEGIN { exit !(d < 6) }' && fail_t rule-for-short name="$name" dur="${dur}"
  [ "$severity" = "$sev" ] || fail_t rule-severity name="$name" severity="${severity}" sev="$sev"
  [ -n "$summary" ] || fail_t rule-no-summary name="$name"
  case "$state" in
    pending | firing)
      prom_alerts
      fail_t rule-active-healthy name="$name" state="$state" instance="$(printf '%s\n' "$alerts" | awk -F'|' -v n="$name" '$1 == n { print $2 ($3 ? " " $3 : ""); exit }')" query="$query" ;;
  esac
done
pass_t rules-ok files="$(echo $files)"
