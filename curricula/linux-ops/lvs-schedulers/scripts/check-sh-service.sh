set -eu
expect_service 81 sh 0 80 any
pass "$svc_summary"
