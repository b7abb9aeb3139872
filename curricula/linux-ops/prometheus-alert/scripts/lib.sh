# Shared by this exercise's checks (its `prelude`): functions only, nothing runs here.
# The checks read Prometheus's HTTP API (JSON) with sed and awk: these hosts have no jq.

# prom_get PATH: GET http://monitor:9090PATH; fails, naming the fix, when Prometheus does not
# answer. Sets $prom_json.
prom_get() {
  prom_json=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 5 "http://$MONITOR_IP:9090$1" 2>&1) ||
    fail "Prometheus does not answer on monitor ($MONITOR_IP:9090): start it on monitor (service prometheus start)"
}

# prom_targets: the scrape targets Prometheus has, one line each:
# pool|scrape URL|health|scrape interval|last error. Sets $targets.
prom_targets() {
  prom_get /api/v1/targets
  targets=$(printf '%s\n' "$prom_json" | sed 's/"discoveredLabels":/\n/g' | sed 1d | awk '
    function field(name,   re) {
      re = "\"" name "\":\"[^\"]*\""
      if (!match($0, re)) return ""
      return substr($0, RSTART + length(name) + 4, RLENGTH - length(name) - 5)
    }
    { print field("scrapePool") "|" field("scrapeUrl") "|" field("health") "|" field("scrapeInterval") "|" field("lastError") }')
}

# prom_alerts: the alerts Prometheus has now (pending or firing), one line each:
# alertname|instance|server|severity|state|summary. Sets $alerts.
prom_alerts() {
  prom_get /api/v1/alerts
  alerts=$(printf '%s\n' "$prom_json" | sed 's/{"labels":/\n/g' | sed 1d | awk '
    function field(name,   re) {
      re = "\"" name "\":\"[^\"]*\""
      if (!match($0, re)) return ""
      return substr($0, RSTART + length(name) + 4, RLENGTH - length(name) - 5)
    }
    # the alert'"'"'s own state, not a label called state (HAProxy'"'"'s metrics have one)
    function alert_state() { return match($0, /"state":"(pending|firing)"/) ? substr($0, RSTART + 9, RLENGTH - 10) : "" }
    { print field("alertname") "|" field("instance") "|" field("server") "|" field("severity") "|" alert_state() "|" field("summary") }')
}

# lab_alerts_clear: waits up to 20 s until neither InstanceDown nor PoolServerDown is active (after
# an earlier check, web2 may just be back); fails naming what stays active.
lab_alerts_clear() {
  local end=$(( $(date +%s) + 20 ))
  while :; do
    prom_alerts
    active=$(printf '%s\n' "$alerts" | awk -F'|' '$1 == "InstanceDown" || $1 == "PoolServerDown" { print $1 " " $2 ($3 ? " server=" $3 : "") " (" $5 ")" }' | paste -sd, -)
    [ -z "$active" ] && return 0
    [ "$(date +%s)" -ge "$end" ] && break
    sleep 1
  done
  fail "alerts are active while no server is down: $active. Is every target up (the first task), and does each expression match broken servers only?"
}

# is_web2 INSTANCE_OR_SERVER: does a label value name web2 (by name or address)?
is_web2() {
  case "$1" in web2 | web2:* | "$WEB2_IP" | "$WEB2_IP":*) return 0 ;; esac
  return 1
}

# web2_down: what a crashed web2 looks like from outside: its web server and its node exporter
# stop. A detached guard brings both back after 90 s even if the check is killed.
web2_down() {
  nginx -s stop 2>/dev/null || true
  kill $(pidof prometheus-node-exporter) 2>/dev/null || true
  setsid sh -c 'sleep 90; pidof nginx >/dev/null || nginx; pidof prometheus-node-exporter >/dev/null || service prometheus-node-exporter start' </dev/null >/dev/null 2>&1 &
  trap web2_up EXIT
}

# web2_up: web2's nginx and node exporter run again.
web2_up() {
  pidof nginx >/dev/null || nginx 2>/dev/null || true
  pidof prometheus-node-exporter >/dev/null || service prometheus-node-exporter start >/dev/null 2>&1 || true
}

# elapsed: seconds since $start (set start=$(date +%s) first).
elapsed() {
  echo $(( $(date +%s) - start ))
}
