set -eu
ipvsadm -D -t "$VIP:82" 2>/dev/null || true
ipvsadm -A -t "$VIP:82" -s rr -p 600
for rip in "$RS1_IP" "$RS2_IP" "$RS3_IP"; do
  ipvsadm -a -t "$VIP:82" -r "$rip:80" -m
done
ipvsadm -Ln -t "$VIP:82"
