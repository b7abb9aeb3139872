set -eu
# Task "alertmanager", on web2. web2 crashes again: the pager (monitor:5001, a webhook) must get
# a firing InstanceDown for web2, and after web2 is back a resolved one; PoolServerDown (a
# warning) must never reach it. web2 stays down until PoolServerDown fires in Prometheus and
# Alertmanager has had its group_wait to send it on, so that a route that pages every alert is
# seen; only then does web2 come back.
pager="http://$MONITOR_IP:5001/"
# pager_log: the pager's whole log (a GET returns it). Sets $log; curl alone decides whether the
# pager answered.
pager_log() {
  log=$(curl -sS --noproxy '*' --max-time 3 "$pager" 2>/dev/null) ||
    broken "the lab's pager on monitor:5001 does not answer (the lab's setup starts it)"
}
# pager_new FROM: the pager's lines after line FROM. Sets $news.
pager_new() {
  pager_log
  news=$(printf '%s\n' "$log" | tail -n +"$(($1 + 1))")
}
# pager_lines: how many lines the pager has logged so far. Sets $lines.
pager_lines() {
  pager_log
  lines=$(printf '%s' "$log" | grep -c '') || true
}
# pager_has STATUS NAME: does a line of $news hold an alert NAME for web2 with STATUS?
pager_has() {
  printf '%s\n' "$news" | sed 's/{"status":"/\n/g' | awk -v st="$1" -v n="$2" -v ip="$WEB2_IP" '
    index($0, st "\"") == 1 && index($0, "\"alertname\":\"" n "\"") && (index($0, "\"instance\":\"web2") || index($0, "\"instance\":\"" ip) || index($0, "\"server\":\"web2\"")) { found = 1 }
    END { exit !found }'
}
web2_up   # a run killed half-way may have left web2 down
lab_alerts_clear
curl -sS --noproxy '*' --max-time 3 "http://$MONITOR_IP:9093/-/ready" >/dev/null 2>&1 ||
  fail_t pager-no-alertmanager monitor_ip="$MONITOR_IP"
pager_lines
lines_before=$lines

web2_down
start=$(date +%s) fired=''
while [ "$(elapsed)" -lt 35 ]; do
  pager_new "$lines_before"
  pager_has firing InstanceDown && { fired=$(elapsed); break; }
  sleep 1
done
if [ -z "$fired" ]; then
  prom_alerts
  state=$(printf '%s\n' "$alerts" | awk -F'|' '$1 == "InstanceDown" { print $5; exit }')
  if [ "$state" != firing ]; then
    [ -n "$state" ] || fail_t pager-instance-not-active
    fail_t pager-instance-state state="$state"
  fi
  [ -n "$news" ] && fail_t pager-wrong-route got="$(printf '%s\n' "$news" | grep -o '"alertname":"[^"]*"' | sort -u | paste -sd' ' -)"
  fail_t pager-nothing
fi
# The firing notification is line $fired_line of the pager's log: the resolved one comes later.
fired_line=$(( lines_before + $(printf '%s' "$news" | grep -c '') ))

# Keep web2 down until PoolServerDown fires too (HAProxy needs 2 failed health checks, then a
# scrape, then for: 6s), and give Alertmanager its group_wait (1s) and a margin to page it.
pool_at=''
while [ "$(elapsed)" -lt 40 ]; do
  prom_alerts
  printf '%s\n' "$alerts" | awk -F'|' '$1 == "PoolServerDown" && $5 == "firing"' | grep -q . && { pool_at=$(elapsed); break; }
  sleep 1
done
[ -n "$pool_at" ] ||
  fail_t pager-pool-not-firing
sleep 4

web2_up
start2=$(date +%s) resolved=''
while [ $(( $(date +%s) - start2 )) -lt 25 ]; do
  pager_new "$fired_line"
  pager_has resolved InstanceDown && { resolved=$(( $(date +%s) - start2 )); break; }
  sleep 1
done
pager_new "$lines_before"
if printf '%s\n' "$news" | grep -q '"alertname":"PoolServerDown"'; then
  fail_t pager-warning-paged
fi
[ -n "$resolved" ] ||
  fail_t pager-no-resolved
pass_t pager-ok fired="$fired" pool_at="$pool_at" resolved="$resolved"
