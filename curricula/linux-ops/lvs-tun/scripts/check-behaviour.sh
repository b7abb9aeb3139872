set -eu
N=4
mac_by_dad() {
  arping -D -c 1 -w 2 -I eth0 "$1" </dev/null 2>/dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }'
}
director_mac=$(mac_by_dad "$DIRECTOR_IP")
ip neigh del "$VIP" dev eth0 2>/dev/null || true
rs1=0 rs2=0 i=0
while [ "$i" -lt "$N" ]; do
  i=$((i + 1))
  rc=0
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then
    [ -n "$(neigh_mac "$VIP")" ] || fail "nobody answers ARP for the VIP $VIP: put it on the director's eth0"
    [ "$rc" != 7 ] || fail "request $i of $N to $VIP:80 was refused: the director holds $VIP but has no virtual service for port 80"
    fail "request $i of $N to $VIP:80 timed out: the director took the SYN and passed it on, but no SYN-ACK came back. On the real servers: tunl0 up with the VIP, rp_filter 0 on tunl0 and all; on the director: -i (Tunnel). The checks on director, rs1 and rs2 say which"
  fi
  case "$body" in
    rs1) rs1=$((rs1 + 1)) ;;
    rs2) rs2=$((rs2 + 1)) ;;
    *) fail "request $i got an answer from neither rs1 nor rs2 ($(printf %s "$body" | head -c 40))" ;;
  esac
done
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
entry=$(neigh_mac "$VIP")
[ -z "$entry" ] || [ "$entry" = "$director_mac" ] ||
  fail "$got, but the client has $VIP at $entry, not the director's MAC $director_mac: a real server answers or announces ARP for the VIP (arp_ignore=1, arp_announce=2 on all)"
[ "$rs1" -gt 0 ] && [ "$rs2" -gt 0 ] || fail "$got: rr alternates; look at ipvsadm -Ln on the director (persistent? weight 0?)"
pass "$got, through the director's MAC $director_mac"
