set -eu
# Each real server answers one line naming itself, on port 80 of every address: of the VIP on
# tunl0 too, once the learner adds it (rs_web, lib/web.sh).
rs_web
sysctl -w net.ipv4.ip_forward=0
# Strict reverse-path filtering, as many distributions ship it (RHEL: 1): the learner must
# relax it for packets that come out of the tunnel.
sysctl -w net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1
[ -d /proc/sys/net/ipv4/conf/tunl0 ] && sysctl -w net.ipv4.conf.tunl0.rp_filter=1
true
