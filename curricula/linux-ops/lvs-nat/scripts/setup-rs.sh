set -eu
# Each real server answers one line naming itself, so answers can be counted at the client
# (rs_web, lib/web.sh). The VIP is never on a NAT real server: the director rewrites it away.
rs_web
# A real server is not a router (a container inherits its engine's ip_forward=1). Forwarding
# here would bounce a packet still addressed to the VIP (a server added with -g) back to the
# director instead of dropping it.
sysctl -w net.ipv4.ip_forward=0
