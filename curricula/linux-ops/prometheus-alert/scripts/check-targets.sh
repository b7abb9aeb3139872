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
[ -n "$targets" ] || fail_t targets-none

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
    [ -n "$other" ] && fail_t target-wrong-job host="$2" port="$3" other="$other" job="$1"
    fail_t target-missing job="$1" host="$2" port="$3"
  fi
  interval=$(printf '%s' "$line" | cut -d'|' -f4)
  case "$interval" in
    1s | 2s | 1000ms | 2000ms | 500ms) ;;
    *) fail_t target-slow-scrape host="$2" port="$3" interval="$interval" ;;
  esac
done
down=$(printf '%s\n' "$targets" | awk -F'|' '$3 != "up"' | head -n 1)
if [ -n "$down" ]; then
  url=$(printf '%s' "$down" | cut -d'|' -f2)
  err=$(printf '%s' "$down" | cut -d'|' -f5)
  case "$url" in
    *//localhost:9100/* | *//127.0.0.1:9100/*)
      fail_t target-local-node-exporter url="$url" job="$(printf '%s' "$down" | cut -d'|' -f1)" health="$(printf '%s' "$down" | cut -d'|' -f3)" ;;
  esac
  [ -z "$err" ] || fail_t target-down-error url="$url" job="$(printf '%s' "$down" | cut -d'|' -f1)" health="$(printf '%s' "$down" | cut -d'|' -f3)" err="$err"
  fail_t target-down url="$url" job="$(printf '%s' "$down" | cut -d'|' -f1)" health="$(printf '%s' "$down" | cut -d'|' -f3)"
fi
n=$(printf '%s\n' "$targets" | grep -c .)
pass_t targets-ok n="$n" interval="$interval"
