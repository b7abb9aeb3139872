set -eu
# Task "alertmanager", on monitor. Alertmanager runs with a configuration amtool accepts, and
# Prometheus sends its alerts to it.
pid=$(pidof prometheus-alertmanager) ||
  fail_t am-not-running
conf=$(tr '\0' '\n' < "/proc/${pid%% *}/cmdline" | sed -n 's/^--config\.file=//p')
conf=${conf:-/etc/prometheus/alertmanager.yml}
out=$(amtool check-config "$conf" 2>&1) ||
  fail_t am-config-invalid conf="$conf" error="$(printf '%s\n' "$out" | grep -iE 'fail|error' | tail -n 1)"
curl -sS --noproxy '*' --max-time 3 http://127.0.0.1:9093/-/ready >/dev/null 2>&1 ||
  fail_t am-not-ready
metrics=$(curl -sS --noproxy '*' --max-time 3 http://127.0.0.1:9093/metrics 2>&1) ||
  fail_t am-no-metrics error="$(printf '%s\n' "$metrics" | tail -n 1)"
ok=$(printf '%s\n' "$metrics" | awk '$1 == "alertmanager_config_last_reload_successful" { print $2 }')
[ "$ok" = 1 ] ||
  fail_t am-reload-failed conf="$conf"
prom_get /api/v1/alertmanagers
active=$(printf '%s\n' "$prom_json" | sed 's/"droppedAlertmanagers".*//' | grep -o '"url":"[^"]*"' | cut -d'"' -f4 | head -n 1)
[ -n "$active" ] ||
  fail_t prom-no-alertmanager
case "$active" in
  *//localhost:9093/* | *//127.0.0.1:9093/* | *//"$MONITOR_IP":9093/* | *//monitor:9093/*) ;;
  *) fail_t prom-wrong-alertmanager active="$active" ;;
esac
pass_t am-ok conf="$conf" active="$active"
