set -eu
# Round robin over rs1 and rs2 with NAT (-m); wrr too, which the next task changes it to.
lvs_expect_service -t "$VIP:80" -s 'rr|wrr' -m
lvs_pass_service
