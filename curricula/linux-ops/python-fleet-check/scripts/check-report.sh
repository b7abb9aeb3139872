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
[ "$(report_ok)" = true ] || fail "$cmd: ok is false, but both hosts are reachable, nginx runs and the disks are below 90%"
[ "$rc" -eq 0 ] || fail "$cmd: exit status $rc while all is well: exit 0 when ok is true"

node_ssh web2 'service nginx stop >/dev/null 2>&1; pkill -x nginx; sleep 0.3; ! pgrep -x nginx' >/dev/null ||
  broken "could not stop nginx on web2"
run_tool 25 web1 web2
[ "$(host_field web2 services.nginx)" = false ] ||
  fail "$cmd with nginx stopped on web2: hosts.web2.services.nginx is $(host_field web2 services.nginx), expected false"
[ "$(host_field web1 services.nginx)" = true ] ||
  fail "$cmd with nginx stopped on web2 only: hosts.web1.services.nginx is $(host_field web1 services.nginx), expected true"
[ "$(report_ok)" = false ] || fail "$cmd with nginx stopped on web2: ok is true, expected false"
[ "$rc" -eq 1 ] || fail "$cmd with nginx stopped on web2: exit status $rc, expected 1"
node_ssh web2 'service nginx start' >/dev/null 2>&1 || true

used=$(node_ssh web1 df -P / | awk 'NR == 2 { sub(/%/, "", $5); print $5 }')
limit=$((used > 1 ? used - 1 : 1))
run_tool 25 --disk-max "$limit" web1
[ "$(report_ok)" = false ] && [ "$rc" -eq 1 ] ||
  fail "$cmd: web1's disk is $used% full, above --disk-max $limit, yet ok is $(report_ok) and the exit status $rc (expected false and 1)"
pass "the report matches web1 and web2 (disk, load, nginx), names web2's stopped nginx with exit 1, and honours --disk-max"
