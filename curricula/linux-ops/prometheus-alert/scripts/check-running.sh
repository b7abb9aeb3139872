set -eu
# Task "scrape", on monitor. Prometheus runs with a configuration that promtool accepts, and the
# last (re)load of it succeeded.
pid=$(pidof prometheus) ||
  fail "Prometheus does not run on monitor: check the configuration (promtool check config /etc/prometheus/prometheus.yml), then service prometheus start"
conf=$(tr '\0' '\n' < "/proc/${pid%% *}/cmdline" | sed -n 's/^--config\.file=//p')
conf=${conf:-/etc/prometheus/prometheus.yml}
out=$(promtool check config "$conf" 2>&1) ||
  fail "promtool check config $conf fails: $(printf '%s\n' "$out" | grep -iE 'fail|error' | tail -n 1)"
ready=$(curl -sS --noproxy '*' --max-time 3 http://127.0.0.1:9090/-/ready 2>&1) ||
  fail "Prometheus runs but does not answer on port 9090 ($ready)"
metrics=$(curl -sS --noproxy '*' --max-time 3 http://127.0.0.1:9090/metrics 2>&1) ||
  fail "Prometheus answers on port 9090 but not for /metrics: $(printf '%s\n' "$metrics" | tail -n 1)"
ok=$(printf '%s\n' "$metrics" | awk '$1 == "prometheus_config_last_reload_successful" { print $2 }')
[ "$ok" = 1 ] ||
  fail "Prometheus's last (re)load of its configuration failed, so it still runs an older one: grep -i 'error' /var/log/prometheus/prometheus.log, fix $conf (promtool check config), then kill -HUP \$(pidof prometheus)"
pass "Prometheus runs on monitor with $conf (promtool check config passes) and its last reload succeeded"
