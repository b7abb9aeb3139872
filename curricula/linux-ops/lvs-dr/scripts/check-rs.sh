set -eu
me=$OPSLAB_HOST

# 1. The VIP: on lo (or a label of lo, or a dummy), as a /32; on eth0 only where an ARP rule
# drops requests for it (addr_where, expect_rs_vip: lib/net.sh).
where=$(addr_where "$VIP")
[ -n "$where" ] ||
  fail_t vip-not-on-rs vip="$VIP" host="$me"
expect_rs_vip "$VIP"

# 2. ARP on eth0 quiet about the VIP: sysctls (max of all and eth0) or nftables/arptables ARP
# rules (expect_rs_arp_quiet, lib/net.sh).
expect_rs_arp_quiet "$VIP"

# 3. nginx answers on the VIP (a local connection: the VIP is this host's own address).
body=$(http_get "http://$VIP/" 2>&1) ||
  fail_t rs-nginx-down vip="$VIP" host="$me" error="$(printf %s "$body" | tail -n 1)"
[ "$body" = "$me" ] ||
  fail_t rs-wrong-page vip="$VIP" host="$me" body="$(printf %s "$body" | tr '\n' ' ' | cut -c1-60)"
dev=$(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }')
[ -z "$arp_rules" ] ||
  pass_t rs-ok-rules host="$me" vip="$VIP" dev="$dev" ignore="$arp_ignore_eff" announce="$arp_announce_eff" rules="$arp_rules"
pass_t rs-ok host="$me" vip="$VIP" dev="$dev" ignore="$arp_ignore_eff" announce="$arp_announce_eff"
