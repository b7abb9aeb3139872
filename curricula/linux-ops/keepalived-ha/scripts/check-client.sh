set -eu
# Task "pair", on client: with its ARP entry for the VIP forgotten, 4 new connections to the
# VIP are answered 2 by rs1 and 2 by rs2, and the VIP resolves to lb1's MAC.
N=4
mac_by_dad() {  # a host's MAC, asked with sender 0.0.0.0 so it does not learn ours
  arping -D -c 1 -w 2 -I eth0 "$1" </dev/null 2>/dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }'
}
lb1_mac=$(mac_by_dad "$LB1_IP")
lb2_mac=$(mac_by_dad "$LB2_IP")
ip neigh del "$VIP" dev eth0 2>/dev/null || true
rs1=0 rs2=0 i=0
while [ "$i" -lt "$N" ]; do
  i=$((i + 1))
  rc=0
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then
    [ -n "$(neigh_mac "$VIP")" ] ||
      fail "request $i of $N: nobody answers ARP for the VIP $VIP: keepalived must hold it on lb1 (virtual_ipaddress)"
    [ "$rc" != 7 ] ||
      fail "request $i of $N to $VIP:80 was refused: the director holding $VIP has no IPVS service for it (ipvsadm -Ln)"
    fail "request $i of $N to $VIP:80 timed out: the director took the SYN, but no answer came back (lb_kind NAT? vrrp_strict's firewall rules? the checks on lb1 and lb2 say which)"
  fi
  case "$body" in
    rs1) rs1=$((rs1 + 1)) ;;
    rs2) rs2=$((rs2 + 1)) ;;
    *) fail "request $i to $VIP:80 got an answer from neither rs1 nor rs2 ($(printf %s "$body" | tr '\n' ' ' | cut -c1-60))" ;;
  esac
done
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
entry=$(neigh_mac "$VIP")
if [ -n "$entry" ] && [ "$entry" != "$lb1_mac" ]; then
  [ "$entry" = "$lb2_mac" ] &&
    fail "$got, but through lb2: the client has $VIP at lb2's MAC $entry. lb2 holds the VIP (split brain, or lb2 is master); lb1 must be the master"
  fail "$got, but the client has $VIP at $entry, neither lb1's nor lb2's MAC: a real server answers ARP for the VIP"
fi
[ "$rs1" -gt 0 ] && [ "$rs2" -gt 0 ] ||
  fail "$got: rr over two servers alternates. Is one missing from ipvsadm -Ln on lb1, or persistence_timeout set?"
pass "$got, through lb1 ($lb1_mac)"
