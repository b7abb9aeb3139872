set -eu
# Search for the largest payload that passes with DF set (-M do). 1472 + 28 fills 1500 bytes.
# The first refusal comes from the router (Frag needed, mtu = 1400); client then remembers the
# path MTU (ip route get shows it) and refuses bigger packets itself.
lo=0 hi=1472
while [ "$lo" -lt "$hi" ]; do
  mid=$(( (lo + hi + 1) / 2 ))
  # Up to 5 echoes in 1 s (-w), done at the first reply: one lost echo must not shrink the answer.
  if ping -c 1 -w 1 -i 0.2 -M do -s "$mid" "$SERVER_IP" >/dev/null 2>&1; then lo=$mid; else hi=$((mid - 1)); fi
done
echo "largest payload $lo, path MTU $((lo + 28))"
echo "$lo $((lo + 28))" > /root/pmtu.txt
ip route get "$SERVER_IP"
