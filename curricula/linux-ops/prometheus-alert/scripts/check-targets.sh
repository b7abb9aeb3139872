set -eu
# Task "scrape", on monitor. Job node scrapes the node exporters of lb, web1 and web2, job haproxy
# HAProxy's exporter on lb:8405, every 2 s (1 s also does), and every target Prometheus has is up.
prom_targets
end=$(( $(date +%s) + 10 ))
# Right after a (re)load the list is empty or its targets not scraped yet ("unknown").
while { [ -z "$targets" ] || printf '%s\n' "$targets" | awk -F'|' '$3 == "unknown"' | grep -q .; } && [ "$(date +%s)" -lt "$end" ]; do
  sleep 0.5
  prom_targets
done
[ -n "$targets" ] || fail "Prometheus has no scrape targets at all: add scrape_configs to its configuration, then kill -HUP \$(pidof prometheus)"

# has POOL HOST PORT: the line of POOL's target on HOST (name or address) and PORT.
has() {
  case $2 in lb) ip=$LB_IP ;; web1) ip=$WEB1_IP ;; web2) ip=$WEB2_IP ;; esac
  printf '%s\n' "$targets" | awk -F'|' -v pool="$1" -v a="//$2:$3/" -v b="//$ip:$3/" '$1 == pool && (index($2, a) || index($2, b))' | head -n 1
}
for want in "node lb 9100" "node web1 9100" "node web2 9100" "haproxy lb 8405"; do
  set -- $want
  line=$(has "$1" "$2" "$3")
  if [ -z "$line" ]; then
    other=$(printf '%s\n' "$targets" | awk -F'|' -v a="//$2:$3/" '$1 != "" && index($2, a) { print $1; exit }')
    [ -n "$other" ] && fail "$2:$3 is scraped by job '$other': the task wants it in job '$1' (job_name: $1), the name alert rules and dashboards will use"
    fail "job '$1' has no target $2:$3: add '$2:$3' to the targets of the scrape config with job_name: $1"
  fi
  interval=$(printf '%s' "$line" | cut -d'|' -f4)
  case "$interval" in
    1s | 2s | 1000ms | 2000ms | 500ms) ;;
    *) fail "Prometheus scrapes $2:$3 every $interval: the task wants 2s (scrape_interval: 2s in global:, or in the job), or the alerts of the next task take minutes to fire" ;;
  esac
done
down=$(printf '%s\n' "$targets" | awk -F'|' '$3 != "up"' | head -n 1)
if [ -n "$down" ]; then
  url=$(printf '%s' "$down" | cut -d'|' -f2)
  err=$(printf '%s' "$down" | cut -d'|' -f5)
  case "$url" in
    *//localhost:9100/* | *//127.0.0.1:9100/*)
      fail "target $url (job $(printf '%s' "$down" | cut -d'|' -f1)) is $(printf '%s' "$down" | cut -d'|' -f3): Debian's sample configuration scrapes a node exporter on monitor itself, and none runs there. Remove that target (or start one: service prometheus-node-exporter start), or InstanceDown will fire for it" ;;
  esac
  fail "target $url (job $(printf '%s' "$down" | cut -d'|' -f1)) is $(printf '%s' "$down" | cut -d'|' -f3)${err:+: $err}"
fi
n=$(printf '%s\n' "$targets" | grep -c .)
pass "Prometheus scrapes $n targets, all up, among them lb, web1 and web2:9100 (job node) and lb:8405 (job haproxy), every $interval"
