set -eu
lvs_expect_service -t "$VIP:8080" -s wrr -m -r 80 -w '3 2 1'
lvs_pass_service
