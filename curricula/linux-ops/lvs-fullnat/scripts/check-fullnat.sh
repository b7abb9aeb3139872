set -eu
# N new connections to the VIP (vip_requests, lib/lvs.sh). Each real server answers
# "<name> <the source address it saw>".
N=8
dip=$DIRECTOR_PRIVATE_IP
vip_requests $N "the director took the SYN, but no SYN-ACK came back through it. The real server answers whatever source address it sees: unless the director rewrites that source to its DIP $dip, the SYN-ACK goes to the client's address via the router, from the RIP, and the client drops it (ipvsadm -Lnc on director: SYN_RECV). Needed on director: vs.conntrack=1 and a SNAT to $dip for the private leg, ip_forward=1, Masq; the checks on director, rs1 and rs2 say which is missing"
# Whom each real server saw, request by request.
while read -r i who saw _; do
  case "$saw" in
    "$dip") ;;
    "$CLIENT_IP")
      fail "request $i: $who saw the client's own address $CLIENT_IP, so the director did not rewrite the source, and yet $who's reply came back through the director: $who routes to the client via the DIP. That is plain LVS-NAT; full NAT must work with the real servers' routes untouched (their gateway is the router $ROUTER_PRIVATE_IP). Put the route back and SNAT on the director" ;;
    *) fail "request $i: $who saw the source address $saw, not the director's DIP $dip: the source NAT on the director translates to the wrong address (replies to an address off the real servers' subnet go the long way, through the router)" ;;
  esac
done <<ANSWERS
$vip_answers
ANSWERS
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections, each seeing the DIP $dip as the source"
vip_expect_even "$got"
pass "$got"
