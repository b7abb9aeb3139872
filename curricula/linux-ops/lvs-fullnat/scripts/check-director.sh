set -eu
# $pub_if and $priv_if (lvs_director_sides, lib/lvs.sh), and where the VIP is (dev_of, lib/net.sh).
lvs_director_sides
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
