set -eu
expect_service 80 rr 0 80 any
pass "$svc_summary"
