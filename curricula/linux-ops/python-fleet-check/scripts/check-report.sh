set -eu
# Runs the tool against web1 and web2 while all is well (every field compared with the live host,
# exit 0), with nginx stopped on web2 (exit 1, web2's nginx false, web1's true; nginx is started
# again afterwards), and with --disk-max below the real use (exit 1).
require_tool
run_dir=$(mktemp -d)
trap 'node_ssh web2 "pgrep -x nginx >/dev/null || service nginx start" >/dev/null 2>&1 || true; rm -rf "$run_dir"' EXIT
for h in web1 web2; do node_ssh "$h" 'pgrep -x nginx >/dev/null || service nginx start' >/dev/null 2>&1 & done
wait

run_tool 25 web1 web2
for h in web1 web2; do expect_up "$h"; done
[ "$(report_ok)" = true ] || fail_t report-ok-false cmd="$cmd"
[ "$rc" -eq 0 ] || fail_t report-status-not-0 cmd="$cmd" rc="$rc"

node_ssh web2 'service nginx stop >/dev/null 2>&1; pkill -x nginx; sleep 0.3; ! pgrep -x nginx' >/dev/null ||
  broken "could not stop nginx on web2"
run_tool 25 web1 web2
[ "$(host_field web2 services.nginx)" = false ] ||
  fail_t stopped-nginx-not-false cmd="$cmd" value="$(host_field web2 services.nginx)"
[ "$(host_field web1 services.nginx)" = true ] ||
  fail_t running-nginx-not-true cmd="$cmd" value="$(host_field web1 services.nginx)"
[ "$(report_ok)" = false ] || fail_t stopped-nginx-ok-true cmd="$cmd"
[ "$rc" -eq 1 ] || fail_t stopped-nginx-status cmd="$cmd" rc="$rc"
node_ssh web2 'service nginx start' >/dev/null 2>&1 || true

used=$(node_ssh web1 df -P / | awk 'NR == 2 { sub(/%/, "", $5); print $5 }')
limit=$((used > 1 ? used - 1 : 1))
run_tool 25 --disk-max "$limit" web1
[ "$(report_ok)" = false ] && [ "$rc" -eq 1 ] ||
  fail_t disk-max-ignored cmd="$cmd" used="$used" limit="$limit" ok="$(report_ok)" rc="$rc"
pass_t report-ok
