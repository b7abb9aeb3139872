set -eu
# The plumbing of LVS-NAT is done here, so the exercise is only about schedulers (lvs-nat
# teaches the plumbing): the VIP on the public side, forwarding on, no IPVS rules yet.
ip addr replace "$VIP/$PUBLIC_PREFIX" dev eth0
sysctl -w net.ipv4.ip_forward=1
ipvsadm -C
