set -eu
ip addr replace "$VIP/32" dev eth0
ipvsadm -D -t "$VIP:80" 2>/dev/null || true
ipvsadm -A -t "$VIP:80" -s rr
ipvsadm -a -t "$VIP:80" -r "$RS1_IP:80" -i
ipvsadm -a -t "$VIP:80" -r "$RS2_IP:80" -i
ipvsadm -Ln
