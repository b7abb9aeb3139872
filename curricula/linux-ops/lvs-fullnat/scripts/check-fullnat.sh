set -eu
# N new connections to the VIP (IPVS schedules connections, not requests). Each real server
# answers "<name> <the source address it saw>".
N=8
dip=$DIRECTOR_PRIVATE_IP
no_answer() { # $1 = curl's exit status, $2 = request number
  [ -n "$(neigh_mac "$VIP")" ] ||
    fail "request $2 of $N: nobody answers ARP for the VIP $VIP, so client cannot even send its SYN: is the VIP up on the director's eth0?"
  [ "$1" != 7 ] ||
    fail "request $2 of $N to $VIP:80 was refused: the director holds $VIP, but no virtual service matches TCP port 80, so its own kernel resets the connection (ipvsadm -Ln on director)"
  fail "request $2 of $N to $VIP:80 timed out: the director took the SYN, but no SYN-ACK came back through it. The real server answers whatever source address it sees: unless the director rewrites that source to its DIP $dip, the SYN-ACK goes to the client's address via the router, from the RIP, and the client drops it (ipvsadm -Lnc on director: SYN_RECV). Needed on director: vs.conntrack=1 and a SNAT to $dip for the private leg, ip_forward=1, Masq; the checks on director, rs1 and rs2 say which is missing"
}
rs1=0 rs2=0 i=0
while [ "$i" -lt "$N" ]; do
  i=$((i + 1))
  rc=0
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) || rc=$?
  [ "$rc" -eq 0 ] || no_answer "$rc" "$i"
  set -- $body
  who=${1:-} saw=${2:-}
  case "$who" in
    rs1) rs1=$((rs1 + 1)) ;;
    rs2) rs2=$((rs2 + 1)) ;;
    *) fail "request $i to $VIP:80 got an answer from neither rs1 nor rs2 ($(printf %s "$body" | tr '\n' ' ' | cut -c1-60)): is a web server on the director itself answering instead of IPVS?" ;;
  esac
  case "$saw" in
    "$dip") ;;
    "$CLIENT_IP")
      fail "request $i: $who saw the client's own address $CLIENT_IP, so the director did not rewrite the source, and yet $who's reply came back through the director: $who routes to the client via the DIP. That is plain LVS-NAT; full NAT must work with the real servers' routes untouched (their gateway is the router $ROUTER_PRIVATE_IP). Put the route back and SNAT on the director" ;;
    *) fail "request $i: $who saw the source address $saw, not the director's DIP $dip: the source NAT on the director translates to the wrong address (replies to an address off the real servers' subnet go the long way, through the router)" ;;
  esac
done
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections, each seeing the DIP $dip as the source"
[ "$rs2" -gt 0 ] || fail "$got: rs2 gets no new connections. On the director (ipvsadm -Ln): is the service persistent (-p), rs2 at weight 0 or missing, or the scheduler not rr?"
[ "$rs1" -gt 0 ] || fail "$got: rs1 gets no new connections. On the director (ipvsadm -Ln): is the service persistent (-p), rs1 at weight 0 or missing, or the scheduler not rr?"
diff=$((rs1 - rs2))
[ "$diff" -ge -1 ] && [ "$diff" -le 1 ] ||
  fail "$got: round robin gives each server every other new connection. Look at the scheduler and the weights in ipvsadm -Ln on the director"
pass "$got"
