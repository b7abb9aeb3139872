set -eu
# Task "alertmanager", on monitor. Alertmanager runs with a configuration amtool accepts, and
# Prometheus sends its alerts to it.
pid=$(pidof prometheus-alertmanager) ||
  fail "Alertmanager does not run on monitor: amtool check-config /etc/prometheus/alertmanager.yml, then service prometheus-alertmanager start"
conf=$(tr '\0' '\n' < "/proc/${pid%% *}/cmdline" | sed -n 's/^--config\.file=//p')
conf=${conf:-/etc/prometheus/alertmanager.yml}
out=$(amtool check-config "$conf" 2>&1) ||
  fail "amtool check-config $conf fails: $(printf '%s\n' "$out" | grep -iE 'fail|error' | tail -n 1)"
curl -sS --noproxy '*' --max-time 3 http://127.0.0.1:9093/-/ready >/dev/null 2>&1 ||
  fail "Alertmanager runs but does not answer on port 9093"
metrics=$(curl -sS --noproxy '*' --max-time 3 http://127.0.0.1:9093/metrics 2>&1) ||
  fail "Alertmanager answers on port 9093 but not for /metrics: $(printf '%s\n' "$metrics" | tail -n 1)"
ok=$(printf '%s\n' "$metrics" | awk '$1 == "alertmanager_config_last_reload_successful" { print $2 }')
[ "$ok" = 1 ] ||
  fail "Alertmanager's last (re)load of $conf failed, so it runs an older configuration: fix it (amtool check-config), then kill -HUP \$(pidof prometheus-alertmanager)"
prom_get /api/v1/alertmanagers
active=$(printf '%s\n' "$prom_json" | sed 's/"droppedAlertmanagers".*//' | grep -o '"url":"[^"]*"' | cut -d'"' -f4 | head -n 1)
[ -n "$active" ] ||
  fail "Prometheus sends its alerts to no Alertmanager: add alerting: / alertmanagers: / static_configs: / targets: ['localhost:9093'] to prometheus.yml, then kill -HUP \$(pidof prometheus)"
case "$active" in
  *//localhost:9093/* | *//127.0.0.1:9093/* | *//"$MONITOR_IP":9093/* | *//monitor:9093/*) ;;
  *) fail "Prometheus sends its alerts to $active, where no Alertmanager listens: the one on monitor is localhost:9093" ;;
esac
pass "Alertmanager runs on monitor with $conf (amtool check-config passes), and Prometheus sends its alerts to $active"
