set -eu
# The real servers are ready for LVS-DR before the learner arrives: this exercise is about
# keepalived. nginx answers one line naming the server on / (and nothing else: any other
# path is a 404), on every address, so the VIP on lo too (rs_web, lib/web.sh).
rs_web
# DR real server: silent about the VIP (arp_ignore/announce first), then the VIP on lo /32.
sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
ip addr replace "$VIP/32" dev lo
# Not a router (a container inherits its engine's ip_forward=1).
sysctl -w net.ipv4.ip_forward=0
