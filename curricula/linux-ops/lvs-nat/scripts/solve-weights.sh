set -eu
ipvsadm -E -t "$VIP:80" -s wrr
ipvsadm -e -t "$VIP:80" -r "$RS1_IP:80" -m -w 3
ipvsadm -e -t "$VIP:80" -r "$RS2_IP:80" -m -w 1
ipvsadm -Ln
