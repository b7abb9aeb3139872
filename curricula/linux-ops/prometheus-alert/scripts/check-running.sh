set -eu
# Task "scrape", on monitor. Prometheus runs with a configuration that promtool accepts, and the
# last (re)load of it succeeded.
pid=$(pidof prometheus) ||
  fail_t prom-not-running
conf=$(tr '\0' '\n' < "/proc/${pid%% *}/cmdline" | sed -n 's/^--config\.file=//p')
conf=${conf:-/etc/prometheus/prometheus.yml}
out=$(promtool check config "$conf" 2>&1) ||
  fail_t prom-config-invalid conf="$conf" error="$(printf '%s\n' "$out" | grep -iE 'fail|error' | tail -n 1)"
ready=$(curl -sS --noproxy '*' --max-time 3 http://127.0.0.1:9090/-/ready 2>&1) ||
  fail_t prom-not-ready ready="$ready"
metrics=$(curl -sS --noproxy '*' --max-time 3 http://127.0.0.1:9090/metrics 2>&1) ||
  fail_t prom-no-metrics error="$(printf '%s\n' "$metrics" | tail -n 1)"
ok=$(printf '%s\n' "$metrics" | awk '$1 == "prometheus_config_last_reload_successful" { print $2 }')
[ "$ok" = 1 ] ||
  fail_t prom-reload-failed conf="$conf"
pass_t prom-ok conf="$conf"
