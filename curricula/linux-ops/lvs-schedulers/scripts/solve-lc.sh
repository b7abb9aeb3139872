set -eu
ipvsadm -D -t "$VIP:9000" 2>/dev/null || true
ipvsadm -A -t "$VIP:9000" -s lc
for rip in "$RS1_IP" "$RS2_IP" "$RS3_IP"; do
  ipvsadm -a -t "$VIP:9000" -r "$rip:9000" -m
done
ipvsadm -Ln -t "$VIP:9000"
