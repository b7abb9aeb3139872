set -eu
# Counts who answers N requests to the VIP, each on a new TCP connection (IPVS schedules
# connections, not requests). Stops at the first request without an answer and says why.
N=8
no_answer() { # $1 = curl's exit status, $2 = request number
  [ -n "$(neigh_mac "$VIP")" ] ||
    fail "request $2 of $N: nobody answers ARP for the VIP $VIP, so client cannot even send its SYN: is the VIP up on the director's eth0?"
  [ "$1" != 7 ] ||
    fail "request $2 of $N to $VIP:80 was refused: the director holds $VIP, but no virtual service matches TCP port 80, so its own kernel resets the connection (ipvsadm -Ln on director)"
  fail "request $2 of $N to $VIP:80 timed out: the director took the SYN (client has $VIP at $(neigh_mac "$VIP")), but no SYN-ACK came back. In NAT the reply must return through the director: each real server's default route via the DIP $DIRECTOR_PRIVATE_IP, ip_forward=1 on the director, and the real servers added with -m (Masq). The checks on director, rs1 and rs2 say which is missing"
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
    *) fail "request $i to $VIP:80 got an answer from neither rs1 nor rs2 ($(printf %s "$body" | tr '\n' ' ' | cut -c1-60)): is a web server on the director itself answering instead of IPVS?" ;;
  esac
done

got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
[ "$rs2" -gt 0 ] || fail "$got: IPVS sends rs2 no new connections. On the director (ipvsadm -Ln): is the service persistent (-p), rs2 at weight 0 or missing, or the scheduler not rr?"
[ "$rs1" -gt 0 ] || fail "$got: IPVS sends rs1 no new connections. On the director (ipvsadm -Ln): is the service persistent (-p), rs1 at weight 0 or missing, or the scheduler not rr?"
diff=$((rs1 - rs2))
[ "$diff" -ge -1 ] && [ "$diff" -le 1 ] && pass "$got: round robin"
[ "$rs1" -eq $((3 * rs2)) ] && pass "$got: the 3:1 weights of the next task"
fail "$got: round robin gives each server every other new connection. Look at the scheduler and the weights in ipvsadm -Ln on the director"
