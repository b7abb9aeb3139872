set -eu
lvs_expect_service -t "$VIP:82" -s rr -p 600 -m -r 80
pass "$lvs_summary"
