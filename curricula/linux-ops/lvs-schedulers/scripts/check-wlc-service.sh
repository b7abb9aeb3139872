set -eu
# wlc weighs held connections: the real servers' hold service on port 9000.
lvs_expect_service -t "$VIP:9001" -s wlc -m -r 9000 -w '3 1 1'
lvs_pass_service
