set -eu
lvs_expect_service -t "$VIP:81" -s sh -m -r 80
lvs_pass_service
