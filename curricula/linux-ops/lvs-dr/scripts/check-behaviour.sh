set -eu
N=6
# One host's MAC, learnt with a duplicate-address probe (sender 0.0.0.0), so the asked host
# does not learn client's MAC on the way; a plain request if the probe gets no answer.
mac_of_host() {
  m=$(arping -D -c 1 -w 2 -I eth0 "$1" </dev/null 2>/dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
  [ -n "$m" ] || m=$(arping -c 1 -w 2 -I eth0 "$1" </dev/null 2>/dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
  printf '%s\n' "$m"
}
# Every MAC that answers ARP for $1 within 2 s (-b: keep broadcasting, so all answers show).
arp_answers() {
  arping -b -c 10 -w 2 -I eth0 "$1" </dev/null 2>/dev/null |
    awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5) }' | sort -u
}
director_mac=$(mac_of_host "$DIRECTOR_IP")
rs1_mac=$(mac_of_host "$RS1_IP")
rs2_mac=$(mac_of_host "$RS2_IP")
[ -n "$director_mac" ] || fail "the director does not answer ARP for its own address $DIRECTOR_IP"
name_of() {
  case "$1" in
    "$director_mac") echo director ;;
    "$rs1_mac") echo rs1 ;;
    "$rs2_mac") echo rs2 ;;
    *) echo "an unknown host" ;;
  esac
}

# 1. Who answers ARP for the VIP? Forget the old answer first (it may be minutes old).
ip neigh del "$VIP" dev eth0 2>/dev/null || true
answers=$(arp_answers "$VIP")
[ -n "$answers" ] ||
  fail "nobody answers ARP for the VIP $VIP: it must be up on the director's eth0 (ip addr add $VIP/32 dev eth0 on director)"
for mac in $answers; do
  [ "$mac" = "$director_mac" ] && continue
  who=$(name_of "$mac")
  fail "$who answers ARP for the VIP (its MAC $mac answered client's request for $VIP): arp_ignore is not effective on $who's eth0 (max(all, eth0) must be 1), so the client can send VIP traffic straight to $who and skip the director"
done

# 2. New connections, counted by answer.
ip neigh del "$VIP" dev eth0 2>/dev/null || true
rs1=0 rs2=0 i=0
while [ "$i" -lt "$N" ]; do
  i=$((i + 1))
  rc=0
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then
    [ "$rc" != 7 ] ||
      fail "request $i of $N to $VIP:80 was refused: the director holds $VIP, but no virtual service matches TCP port 80, so its own kernel resets the connection (ipvsadm -Ln on director)"
    fail "request $i of $N to $VIP:80 timed out: the director took the SYN, but no SYN-ACK came back. Either the real server drops the packet (the VIP is not on its lo, or it is there with the LAN prefix), or the director uses -m (Masq), and the real server replies from its own RIP straight to the client, which drops it. The checks on director, rs1 and rs2 say which"
  fi
  case "$body" in
    rs1) rs1=$((rs1 + 1)) ;;
    rs2) rs2=$((rs2 + 1)) ;;
    *) fail "request $i to $VIP:80 got an answer from neither rs1 nor rs2 ($(printf %s "$body" | tr '\n' ' ' | cut -c1-60)): is a web server on the director itself answering instead of IPVS?" ;;
  esac
done
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
# 3. After the replies, the client must still have the VIP at the director's MAC: a real
# server that sends "who-has CLIENT tell VIP" (arp_announce 0 or 1) changes it, and every
# later connection skips the director (so that server gets them all).
entry=$(neigh_mac "$VIP")
if [ -n "$entry" ] && [ "$entry" != "$director_mac" ]; then
  who=$(name_of "$entry")
  fail "$got, and client's neighbour entry for $VIP is now $entry ($who): $who announced the VIP in its own ARP request (who-has $CLIENT_IP tell $VIP), so the client sends VIP traffic straight to $who and skips the director. arp_announce must be 2 in max(all, eth0) on $who"
fi
[ "$rs2" -gt 0 ] || fail "$got: rs2 gets no new connections. On the director (ipvsadm -Ln): is the service persistent (-p), rs2 at weight 0 or missing, or the scheduler not rr?"
[ "$rs1" -gt 0 ] || fail "$got: rs1 gets no new connections. On the director (ipvsadm -Ln): is the service persistent (-p), rs1 at weight 0 or missing, or the scheduler not rr?"
diff=$((rs1 - rs2))
[ "$diff" -ge -1 ] && [ "$diff" -le 1 ] ||
  fail "$got: round robin gives each server every other new connection. Look at the scheduler and weights in ipvsadm -Ln on the director"
pass "only the director ($director_mac) answers ARP for $VIP; $got; client has $VIP at the director's MAC"
