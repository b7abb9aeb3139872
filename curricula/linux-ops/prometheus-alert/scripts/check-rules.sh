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
  fail "Prometheus has loaded no rules: write them in a file (e.g. /etc/prometheus/rules/lab.yml), list it under rule_files: in prometheus.yml, then kill -HUP \$(pidof prometheus) (the previous task's check tells whether the reload worked)"
for f in $files; do
  out=$(promtool check rules "$f" 2>&1) || fail "promtool check rules $f fails: $(printf '%s\n' "$out" | grep -iE 'fail|error' | tail -n 1)"
done
slow=$(printf '%s\n' "$rules" | awk -F'|' '$1 == "group" && $2 > 2 { print $2; exit }')
[ -z "$slow" ] || fail "a rule group is evaluated every ${slow} s: the task wants 2 s (evaluation_interval: 2s in global:, and no larger interval: on the group)"

for want in InstanceDown:critical PoolServerDown:warning; do
  name=${want%%:*} sev=${want#*:}
  line=$(printf '%s\n' "$rules" | awk -F'|' -v n="$name" '$1 == "rule" && $2 == n' | head -n 1)
  if [ -z "$line" ]; then
    near=$(printf '%s\n' "$rules" | awk -F'|' -v n="$name" '$1 == "rule" && tolower($2) == tolower(n) { print $2; exit }')
    [ -n "$near" ] && fail "the alert is named '$near': the task's name is '$name' (names are case-sensitive)"
    fail "Prometheus has no alerting rule named $name (loaded from: $(echo $files)): add '- alert: $name' to a group of your rules file"
  fi
  IFS='|' read -r _ _ state dur severity summary health lasterr query <<LINE
$line
LINE
  [ "$health" != err ] || fail "$name fails to evaluate: $lasterr"
  case "$dur" in
    "" | 0) fail "$name has no for: (or for: 0s): it fires on the first evaluation that matches, so one lost scrape pages someone. Add for: 6s" ;;
  esac
  awk -v d="$dur" 'BEGIN { exit !(d > 6) }' && fail "$name has for: ${dur}s: the task wants 6s, or the alert comes later than the checks wait (production uses minutes)"
  awk -v d="$dur" 'BEGIN { exit !(d < 6) }' && fail "$name has for: ${dur}s: the task wants 6s; a shorter for: lets a briefer failure (a scrape or two lost) raise the alert"
  [ "$severity" = "$sev" ] || fail "$name has the label severity='${severity}': the task wants severity: $sev under labels:"
  [ -n "$summary" ] || fail "$name has no summary annotation: add annotations: with summary: \"...{{ \$labels.instance }}...\""
  case "$state" in
    pending | firing)
      prom_alerts
      fail "$name is $state although every server is up ($(printf '%s\n' "$alerts" | awk -F'|' -v n="$name" '$1 == n { print $2 ($3 ? " " $3 : ""); exit }')): its expression '$query' matches healthy targets. up is 1 when a scrape works, 0 when it fails" ;;
  esac
done
pass "Prometheus has loaded InstanceDown and PoolServerDown from $(echo $files) (promtool check rules passes), each with for:, severity and a summary, and neither fires while every server is up"
