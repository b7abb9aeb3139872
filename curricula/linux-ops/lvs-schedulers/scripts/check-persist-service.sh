set -eu
lvs_expect_service -t "$VIP:82" -s rr -p 600 -m -r 80
lvs_pass_service
