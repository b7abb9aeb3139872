set -eu
lvs_expect_service -t "$VIP:80" -s rr -m
lvs_pass_service
