set -eu
# Weighted round robin, rs1 getting 3 new connections for each 1 of rs2's. ipvsadm -e takes
# every option afresh: without -m it falls back to -g, which lvs_expect_service names.
lvs_expect_service -t "$VIP:80" -s wrr -m -w '3 1'
lvs_pass_service
