set -eu
expect_service 8080 wrr 0 80 "3 2 1"
pass "$svc_summary"
