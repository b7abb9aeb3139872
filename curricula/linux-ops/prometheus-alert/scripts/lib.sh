# Shared by this exercise's checks (its `prelude`): functions only, nothing runs here.
# The checks read Prometheus's HTTP API (JSON) with sed and awk: these hosts have no jq.

# prom_get PATH: GET http://monitor:9090PATH; fails, naming the fix, when Prometheus does not
# answer. Sets $prom_json.
prom_get() {
  prom_json=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 5 "http://$MONITOR_IP:9090$1" 2>&1) ||
    fail_t prom-not-answering monitor_ip="$MONITOR_IP"
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
  fail_t alerts-active-while-healthy active="$active"
}

# is_web2 INSTANCE_OR_SERVER: does a label value name web2 (by name or address)?
is_web2() {
  case "$1" in web2 | web2:* | "$WEB2_IP" | "$WEB2_IP":*) return 0 ;; esac
  return 1
}

# web2_down: what a crashed web2 looks like from outside: its web server and its node exporter
# stop. A detached guard brings both back after 90 s even if the check is killed; it writes its
# process group to $WEB2_GUARD, and web2_up ends it, so that no guard outlives its check and
# restarts web2 in the middle of a later run.
WEB2_GUARD=/run/opslab-web2-guard.pid
web2_down() {
  web2_guard_stop
  nginx -s stop 2>/dev/null || true
  kill $(pidof prometheus-node-exporter) 2>/dev/null || true
  # setsid makes sh the leader of a new process group: $$ in it is the group's id.
  setsid sh -c 'echo $$ > '"$WEB2_GUARD"'; sleep 90; rm -f '"$WEB2_GUARD"'; pidof nginx >/dev/null || nginx; pidof prometheus-node-exporter >/dev/null || service prometheus-node-exporter start' </dev/null >/dev/null 2>&1 &
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$WEB2_GUARD" ] && break; sleep 0.1; done
  trap web2_up EXIT
}

# web2_guard_stop: ends the guard of an earlier web2_down, if one still waits.
web2_guard_stop() {
  local pgid
  pgid=$(cat "$WEB2_GUARD" 2>/dev/null) || return 0
  rm -f "$WEB2_GUARD"
  case "$pgid" in '' | *[!0-9]*) return 0 ;; esac
  kill -- "-$pgid" 2>/dev/null || true
}

# web2_up: web2's nginx and node exporter run again, and the guard is gone. The checks call it
# first too: a run killed half-way (a timeout) leaves web2 down until its guard fires.
web2_up() {
  web2_guard_stop
  pidof nginx >/dev/null || nginx 2>/dev/null || true
  pidof prometheus-node-exporter >/dev/null || service prometheus-node-exporter start >/dev/null 2>&1 || true
}

# elapsed: seconds since $start (set start=$(date +%s) first).
elapsed() {
  echo $(( $(date +%s) - start ))
}
