set -eu
# $pub_if and $priv_if (lvs_director_sides, lib/lvs.sh), and where the VIP is (dev_of, lib/net.sh).
lvs_director_sides
vip_if=$(dev_of "$VIP")
[ -n "$vip_if" ] ||
  fail_t vip-not-on-director vip="$VIP" public_prefix="$PUBLIC_PREFIX" pub_if="$pub_if"
[ "$vip_if" = "$pub_if" ] ||
  fail_t vip-on-wrong-side vip="$VIP" vip_if="$vip_if" pub_if="$pub_if"
fwd=$(sysctl_get net.ipv4.ip_forward) || broken "no net.ipv4.ip_forward on director"
[ "$fwd" = 1 ] ||
  fail_t ip-forward-off fwd="$fwd"
# Full NAT is NAT (-m) to rs1 and rs2, plus a source NAT (the next task).
lvs_expect_service -t "$VIP:80" -s 'rr|wrr' -m
pass_t director-ok vip="$VIP" pub_if="$pub_if" ipvs_sched="$ipvs_sched"
