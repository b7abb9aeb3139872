set -eu
pub_if=$(dev_of "$DIRECTOR_PUBLIC_IP")
priv_if=$(dev_of "$DIRECTOR_PRIVATE_IP")
[ -n "$pub_if" ] && [ -n "$priv_if" ] ||
  fail "director lost one of its own addresses ($DIRECTOR_PUBLIC_IP on the public side, $DIRECTOR_PRIVATE_IP, the DIP, on the private side): ip -br addr"
vip_if=$(dev_of "$VIP")
[ -n "$vip_if" ] ||
  fail "the VIP $VIP is not on the director: ip addr add $VIP/$PUBLIC_PREFIX dev $pub_if"
[ "$vip_if" = "$pub_if" ] ||
  fail "the VIP $VIP is on the director's $vip_if, but the client asks for it by ARP on the public network ($pub_if): move it there"
fwd=$(sysctl_get net.ipv4.ip_forward) || broken "no net.ipv4.ip_forward on director"
[ "$fwd" = 1 ] ||
  fail "ip_forward is $fwd on the director: IPVS-NAT sends the rewritten packets on to rs1 and rs2 through the forwarding path, and routes their replies back the same way (sysctl -w net.ipv4.ip_forward=1)"
# Full NAT is NAT (-m) to rs1 and rs2, plus a source NAT (the next task).
lvs_expect_service -t "$VIP:80" -s 'rr|wrr' -m
pass "the VIP $VIP is on $pub_if, ip_forward=1, and TCP $VIP:80 ($ipvs_sched) sends to rs1 and rs2 with Masq"
