set -eu
expect_service 9000 lc 0 9000 any
pass "$svc_summary"
