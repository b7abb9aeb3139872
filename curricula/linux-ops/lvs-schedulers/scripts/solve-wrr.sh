set -eu
ipvsadm -D -t "$VIP:8080" 2>/dev/null || true
ipvsadm -A -t "$VIP:8080" -s wrr
ipvsadm -a -t "$VIP:8080" -r "$RS1_IP:80" -m -w 3
ipvsadm -a -t "$VIP:8080" -r "$RS2_IP:80" -m -w 2
ipvsadm -a -t "$VIP:8080" -r "$RS3_IP:80" -m -w 1
ipvsadm -Ln -t "$VIP:8080"
