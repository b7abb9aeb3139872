set -eu
# The site's router: the real servers' default gateway, on both networks. It forwards, so a
# reply that a real server sends to the client's address reaches the client, from the RIP.
sysctl -w net.ipv4.ip_forward=1
