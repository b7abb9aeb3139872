set -eu
lvs_expect_service -t "$VIP:80" -s rr -m
pass "$lvs_summary"
