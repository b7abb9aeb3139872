set -eu
ipvsadm -D -t "$VIP:80" 2>/dev/null || true
ipvsadm -A -t "$VIP:80" -s rr
ipvsadm -a -t "$VIP:80" -r "$RS1_IP:80" -m
ipvsadm -a -t "$VIP:80" -r "$RS2_IP:80" -m
ipvsadm -Ln
