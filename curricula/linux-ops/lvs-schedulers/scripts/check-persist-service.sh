set -eu
expect_service 82 rr 600 80 any
pass "$svc_summary"
