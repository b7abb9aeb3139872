set -eu
# Task "alert", on web2. web2 crashes (the check stops its nginx and its node exporter):
# InstanceDown must go pending, then fire for web2 with its summary, and PoolServerDown fire for
# web2 once HAProxy takes it out; nothing for web1 or lb. Then web2 comes back, and both must
# resolve. The guard in web2_down brings web2 back even if this check is killed.
web2_up   # a run killed half-way may have left web2 down
lab_alerts_clear
prom_get /api/v1/rules
case "$prom_json" in *'"name":"InstanceDown"'*) ;; *) fail_t fires-no-rule ;; esac

web2_down
start=$(date +%s)
seen_pending='' fired_at='' pool_at='' summary='' pool_summary='' pool_unnamed=''
while [ "$(elapsed)" -lt 30 ]; do
  prom_alerts
  others=$(printf '%s\n' "$alerts" | awk -F'|' '$1 == "InstanceDown" || $1 == "PoolServerDown"' | while IFS='|' read -r name inst server sev state sum; do
    [ "$name" = PoolServerDown ] && [ -z "$server" ] && continue   # judged below
    is_web2 "$inst" || is_web2 "$server" || echo "$name $inst${server:+ server=$server} ($state)"
  done | head -n 1)
  [ -z "$others" ] || fail_t fires-healthy-too others="$others"
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
if [ -z "$fired_at" ]; then
  [ -z "$seen_pending" ] ||
    fail_t fires-pending-too-long monitor_ip="$MONITOR_IP"
  fail_t fires-never monitor_ip="$MONITOR_IP"
fi
[ -n "$seen_pending" ] || [ "$fired_at" -ge 5 ] ||
  fail_t fires-not-pending-first fired_at="$fired_at"
[ -n "$pool_at" ] || [ -z "$pool_unnamed" ] ||
  fail_t pool-alert-no-server-label
[ -n "$pool_at" ] || fail_t pool-alert-not-firing
case "$summary" in
  *web2* | *"$WEB2_IP"*) ;;
  *) fail_t instance-summary-unnamed summary="$summary" ;;
esac
case "$pool_summary" in
  *web2* | *"$WEB2_IP"*) ;;
  *) fail_t pool-summary-unnamed pool_summary="$pool_summary" ;;
esac

web2_up
start2=$(date +%s) resolved=no
while [ $(( $(date +%s) - start2 )) -lt 20 ]; do
  prom_alerts
  printf '%s\n' "$alerts" | awk -F'|' '$1 == "InstanceDown" || $1 == "PoolServerDown"' | grep -q . || { resolved=yes; break; }
  sleep 1
done
[ "$resolved" = yes ] ||
  fail_t fires-not-resolved active="$(printf '%s\n' "$alerts" | awk -F'|' '{ print $1 " " $2 $3 " (" $5 ")" }' | paste -sd, -)"
pass_t fires-ok fired_at="$fired_at" summary="$summary" pool_at="$pool_at" pool_summary="$pool_summary" resolved_after="$(( $(date +%s) - start2 ))"
