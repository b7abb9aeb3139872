set -eu
# Each real server answers one line naming itself, so answers can be counted at the client;
# on every address, so on the VIP too once the learner adds it to lo (rs_web, lib/web.sh).
rs_web
# A real server is not a router (a container inherits its engine's ip_forward=1). Forwarding
# on a real server would bounce packets for a VIP it does not hold back onto the LAN.
sysctl -w net.ipv4.ip_forward=0
