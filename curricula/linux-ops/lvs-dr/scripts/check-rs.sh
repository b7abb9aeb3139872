set -eu
me=$OPSLAB_HOST

# 1. The VIP: on lo (or a label of lo, or a dummy), as a /32; on eth0 only where an ARP rule
# drops requests for it (addr_where, expect_rs_vip: lib/net.sh).
where=$(addr_where "$VIP")
[ -n "$where" ] ||
  fail "the VIP $VIP is not on $me: the director passes $me frames whose packets are addressed to $VIP, and $me drops them as not its own. ip addr add $VIP/32 dev lo (after the sysctls)"
expect_rs_vip "$VIP"

# 2. ARP on eth0 quiet about the VIP: sysctls (max of all and eth0) or nftables/arptables ARP
# rules (expect_rs_arp_quiet, lib/net.sh).
expect_rs_arp_quiet "$VIP"

# 3. nginx answers on the VIP (a local connection: the VIP is this host's own address).
body=$(http_get "http://$VIP/" 2>&1) ||
  fail "nothing answers on $VIP:80 on $me itself ($(printf %s "$body" | tail -n 1)): is nginx running (nginx -t && nginx)?"
[ "$body" = "$me" ] ||
  fail "$VIP:80 on $me answers, but not with $me's page (got: $(printf %s "$body" | tr '\n' ' ' | cut -c1-60))"
pass "$me holds $VIP/32 on $(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }'), $arp_summary, and nginx answers on the VIP"
