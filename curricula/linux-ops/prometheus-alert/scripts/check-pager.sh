set -eu
# Task "alertmanager", on web2. web2 crashes again: the pager (monitor:5001, a webhook) must get
# a firing InstanceDown for web2, and after web2 is back a resolved one; PoolServerDown (a
# warning) must never reach it.
pager="http://$MONITOR_IP:5001/"
# pager_new: the pager's lines since the check began. Sets $news.
pager_new() {
  news=$(curl -sS --noproxy '*' --max-time 3 "$pager" 2>/dev/null | tail -n +"$((lines_before + 1))") ||
    broken "the lab's pager on monitor:5001 does not answer"
}
# pager_has STATUS NAME: does a new pager line hold an alert NAME for web2 with STATUS?
pager_has() {
  printf '%s\n' "$news" | sed 's/{"status":"/\n/g' | awk -v st="$1" -v n="$2" -v ip="$WEB2_IP" '
    index($0, st "\"") == 1 && index($0, "\"alertname\":\"" n "\"") && (index($0, "\"instance\":\"web2") || index($0, "\"instance\":\"" ip) || index($0, "\"server\":\"web2\"")) { found = 1 }
    END { exit !found }'
}
lab_alerts_clear
curl -sS --noproxy '*' --max-time 3 "http://$MONITOR_IP:9093/-/ready" >/dev/null 2>&1 ||
  fail "no Alertmanager answers on monitor ($MONITOR_IP:9093): the first check of this task says why"
lines_before=$(curl -sS --noproxy '*' --max-time 3 "$pager" | wc -l) || broken "the lab's pager on monitor:5001 does not answer"

web2_down
start=$(date +%s) fired=''
while [ "$(elapsed)" -lt 35 ]; do
  pager_new
  pager_has firing InstanceDown && { fired=$(elapsed); break; }
  sleep 1
done
if [ -z "$fired" ]; then
  prom_alerts
  state=$(printf '%s\n' "$alerts" | awk -F'|' '$1 == "InstanceDown" { print $5; exit }')
  [ "$state" = firing ] || fail "web2 has been down 35 s, but InstanceDown is ${state:-not active} in Prometheus: the previous task's check says why"
  [ -n "$news" ] && fail "InstanceDown fires for web2, but the pager did not get it (it got: $(printf '%s\n' "$news" | grep -o '"alertname":"[^"]*"' | sort -u | paste -sd' ' -)): is the route for severity=\"critical\" the one with the pager receiver? amtool config routes test --config.file=/etc/prometheus/alertmanager.yml severity=critical alertname=InstanceDown"
  fail "InstanceDown fires for web2, but nothing reached the pager within 35 s: does Prometheus send alerts to Alertmanager (alerting: in prometheus.yml), does the route send severity=\"critical\" to a receiver with webhook_configs url http://127.0.0.1:5001/, and is group_wait short (1s)? amtool alert query --alertmanager.url=http://localhost:9093 lists what Alertmanager has"
fi

web2_up
start2=$(date +%s) resolved=''
while [ $(( $(date +%s) - start2 )) -lt 25 ]; do
  pager_new
  pager_has resolved InstanceDown && { resolved=$(( $(date +%s) - start2 )); break; }
  sleep 1
done
[ -n "$resolved" ] ||
  fail "the pager got InstanceDown firing for web2, but no 'resolved' within 25 s of web2 coming back: send_resolved: true in the webhook config (the default for webhooks) and a short group_interval (2s): Alertmanager sends the next notification of a group no sooner"
if printf '%s\n' "$news" | grep -q '"alertname":"PoolServerDown"'; then
  fail "PoolServerDown (severity warning) reached the pager too: only severity=\"critical\" may page. Route it elsewhere: the root route's receiver (one without configs sends nothing) gets whatever no child route matches"
fi
pass "web2 down: the pager got InstanceDown firing after $fired s; web2 back: resolved after $resolved s; PoolServerDown did not page"
