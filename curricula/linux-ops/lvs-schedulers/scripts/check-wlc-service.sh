set -eu
expect_service 9001 wlc 0 9000 "3 1 1"
pass "$svc_summary"
