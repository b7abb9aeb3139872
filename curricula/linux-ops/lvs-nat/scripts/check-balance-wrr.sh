set -eu
# Counts who answers N requests to the VIP, each on a new TCP connection (IPVS schedules
# connections, not requests). Stops at the first request without an answer and says why.
N=8
no_answer() { # $1 = curl's exit status, $2 = request number
  [ -n "$(neigh_mac "$VIP")" ] ||
    fail "request $2 of $N: nobody answers ARP for the VIP $VIP, so client cannot even send its SYN: is the VIP up on the director's eth0?"
  [ "$1" != 7 ] ||
    fail "request $2 of $N to $VIP:80 was refused: the director holds $VIP, but no virtual service matches TCP port 80, so its own kernel resets the connection (ipvsadm -Ln on director)"
  fail "request $2 of $N to $VIP:80 timed out: the director took the SYN, but no SYN-ACK came back. In NAT the reply must return through the director: each real server's default route via the DIP $DIRECTOR_PRIVATE_IP, ip_forward=1 on the director, and the real servers added with -m (Masq)"
}
rs1=0 rs2=0 i=0
while [ "$i" -lt "$N" ]; do
  i=$((i + 1))
  rc=0
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) || rc=$?
  [ "$rc" -eq 0 ] || no_answer "$rc" "$i"
  case "$body" in
    rs1) rs1=$((rs1 + 1)) ;;
    rs2) rs2=$((rs2 + 1)) ;;
    *) fail "request $i to $VIP:80 got an answer from neither rs1 nor rs2 ($(printf %s "$body" | tr '\n' ' ' | cut -c1-60))" ;;
  esac
done

# wrr with weights 3 and 1 is exact: every 4 consecutive new connections are rs1 x3, rs2 x1.
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
[ "$rs1" -ge 5 ] && [ "$rs1" -le 7 ] && pass "$got: 3 to 1"
[ "$rs2" -gt 0 ] || fail "$got: rs2 gets nothing (weight 0, a persistent service, or a scheduler other than wrr: wlc counts connections instead of taking turns); with wrr and weights 3:1 it gets 2 of 8"
[ "$rs1" -gt 0 ] || fail "$got: rs1 gets nothing (weight 0, a persistent service, or a scheduler other than wrr); with wrr and weights 3:1 it gets 6 of 8"
diff=$((rs1 - rs2))
[ "$diff" -lt -1 ] || [ "$diff" -gt 1 ] ||
  fail "$got: an even split, as rr gives, ignoring weights. With wrr and rs1 at weight 3, rs2 at 1, rs1 gets 6 of every 8"
[ "$rs2" -le "$rs1" ] || fail "$got: rs2 gets the bigger share. Are the weights the wrong way round? rs1 should have 3, rs2 1"
fail "$got; with weights 3:1 under wrr rs1 gets 6 of every 8"
