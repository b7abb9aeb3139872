set -eu
lvs_expect_service -t "$VIP:9000" -s lc -m
lvs_pass_service
