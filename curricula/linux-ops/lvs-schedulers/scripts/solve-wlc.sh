set -eu
ipvsadm -D -t "$VIP:9001" 2>/dev/null || true
ipvsadm -A -t "$VIP:9001" -s wlc
ipvsadm -a -t "$VIP:9001" -r "$RS1_IP:9000" -m -w 3
ipvsadm -a -t "$VIP:9001" -r "$RS2_IP:9000" -m -w 1
ipvsadm -a -t "$VIP:9001" -r "$RS3_IP:9000" -m -w 1
ipvsadm -Ln -t "$VIP:9001"
