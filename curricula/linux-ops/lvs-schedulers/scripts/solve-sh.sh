set -eu
ipvsadm -D -t "$VIP:81" 2>/dev/null || true
ipvsadm -A -t "$VIP:81" -s sh
for rip in "$RS1_IP" "$RS2_IP" "$RS3_IP"; do
  ipvsadm -a -t "$VIP:81" -r "$rip:80" -m
done
ipvsadm -Ln -t "$VIP:81"
