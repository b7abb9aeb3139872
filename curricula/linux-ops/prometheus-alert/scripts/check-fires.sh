set -eu
# Task "alert", on web2. web2 crashes (the check stops its nginx and its node exporter):
# InstanceDown must go pending, then fire for web2 with its summary, and PoolServerDown fire for
# web2 once HAProxy takes it out; nothing for web1 or lb. Then web2 comes back, and both must
# resolve. The guard in web2_down brings web2 back even if this check is killed.
web2_up   # a run killed half-way may have left web2 down
lab_alerts_clear
prom_get /api/v1/rules
case "$prom_json" in *'"name":"InstanceDown"'*) ;; *) fail "Prometheus has no InstanceDown rule: the first check of this task says why" ;; esac

web2_down
start=$(date +%s)
seen_pending='' fired_at='' pool_at='' summary='' pool_summary='' pool_unnamed=''
while [ "$(elapsed)" -lt 30 ]; do
  prom_alerts
  others=$(printf '%s\n' "$alerts" | awk -F'|' '$1 == "InstanceDown" || $1 == "PoolServerDown"' | while IFS='|' read -r name inst server sev state sum; do
    [ "$name" = PoolServerDown ] && [ -z "$server" ] && continue   # judged below
    is_web2 "$inst" || is_web2 "$server" || echo "$name $inst${server:+ server=$server} ($state)"
  done | head -n 1)
  [ -z "$others" ] || fail "with only web2 down, $others is active too: does the expression match healthy targets as well? (up is 1 for a working scrape)"
  while IFS='|' read -r name inst server sev state sum; do
    case "$name:$state" in
      InstanceDown:pending) is_web2 "$inst" && seen_pending=yes ;;
      InstanceDown:firing) is_web2 "$inst" && [ -z "$fired_at" ] && fired_at=$(elapsed) summary=$sum ;;
      PoolServerDown:firing)
        [ -z "$server" ] && pool_unnamed=yes
        is_web2 "$server" && [ -z "$pool_at" ] && pool_at=$(elapsed) pool_summary=$sum ;;
    esac
  done <<ALERTS
$alerts
ALERTS
  [ -n "$fired_at" ] && [ -n "$pool_at" ] && break
  sleep 1
done
[ -n "$fired_at" ] || fail "web2 has been down for 30 s and InstanceDown does not fire for it$( [ -n "$seen_pending" ] && echo ' (it was pending: is for: longer than 6s?)'). curl -s http://$MONITOR_IP:9090/api/v1/alerts shows what Prometheus has; does the expression match up == 0 for job node?"
[ -n "$seen_pending" ] || [ "$fired_at" -ge 5 ] ||
  fail "InstanceDown fired for web2 after $fired_at s without being pending first: for: must hold it back for 6 s"
[ -n "$pool_at" ] || [ -z "$pool_unnamed" ] ||
  fail "PoolServerDown fires, but its alert has no label server: the expression must keep HAProxy's per-server series (haproxy_server_status has the label server; haproxy_backend_active_servers, a count per backend, does not), so that the alert says which server left the pool"
[ -n "$pool_at" ] || fail "web2's web server has been down for 30 s: HAProxy marks it DOWN (haproxy_server_status{proxy=\"web\",server=\"web2\",state=\"DOWN\"} is 1 on lb:8405), but PoolServerDown does not fire for server web2. Try the expression in the web UI's Graph tab, or: promtool query instant http://localhost:9090 'haproxy_server_status{state=\"DOWN\"}'"
case "$summary" in
  *web2* | *"$WEB2_IP"*) ;;
  *) fail "InstanceDown fires for web2, but its summary does not name it ('$summary'): use {{ \$labels.instance }} in the annotation" ;;
esac
case "$pool_summary" in
  *web2* | *"$WEB2_IP"*) ;;
  *) fail "PoolServerDown fires for web2, but its summary does not name the server ('$pool_summary'): use {{ \$labels.server }} in the annotation" ;;
esac

web2_up
start2=$(date +%s) resolved=no
while [ $(( $(date +%s) - start2 )) -lt 20 ]; do
  prom_alerts
  printf '%s\n' "$alerts" | awk -F'|' '$1 == "InstanceDown" || $1 == "PoolServerDown"' | grep -q . || { resolved=yes; break; }
  sleep 1
done
[ "$resolved" = yes ] ||
  fail "web2 is back, yet 20 s later these alerts are still active: $(printf '%s\n' "$alerts" | awk -F'|' '{ print $1 " " $2 $3 " (" $5 ")" }' | paste -sd, -)"
pass "web2 down: InstanceDown went pending, fired after $fired_at s ('$summary'), PoolServerDown fired after $pool_at s ('$pool_summary'); web2 back: both resolved after $(( $(date +%s) - start2 )) s"
