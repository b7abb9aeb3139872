set -eu
ipvsadm -D -t "$VIP:80" 2>/dev/null || true
ipvsadm -A -t "$VIP:80" -s rr
for rip in "$RS1_IP" "$RS2_IP" "$RS3_IP"; do
  ipvsadm -a -t "$VIP:80" -r "$rip:80" -m
done
ipvsadm -Ln -t "$VIP:80"
