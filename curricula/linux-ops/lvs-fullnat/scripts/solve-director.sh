set -eu
ip addr replace "$VIP/$PUBLIC_PREFIX" dev eth0
sysctl -w net.ipv4.ip_forward=1
ipvsadm -D -t "$VIP:80" 2>/dev/null || true
ipvsadm -A -t "$VIP:80" -s rr
ipvsadm -a -t "$VIP:80" -r "$RS1_IP:80" -m
ipvsadm -a -t "$VIP:80" -r "$RS2_IP:80" -m
ipvsadm -Ln
