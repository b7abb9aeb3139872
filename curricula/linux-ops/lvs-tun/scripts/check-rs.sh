set -eu
me=$OPSLAB_HOST
conf=/proc/sys/net/ipv4/conf
# 1. The tunnel end: ipip's tunl0, up, with the VIP as /32.
[ -d /sys/class/net/tunl0 ] ||
  fail_t rs-no-tunl0 host="$me"
ip -o link show tunl0 | grep -q '[<,]UP[,>]' ||
  fail_t rs-tunl0-down host="$me"
# The VIP: on tunl0, where the decapsulated packets arrive, or on lo or a dummy (a packet for any
# local address is accepted, whichever interface it came in on), as a /32; on eth0 only where an
# ARP rule drops requests for it (addr_where, expect_rs_vip: lib/net.sh).
where=$(addr_where "$VIP")
[ -n "$where" ] ||
  fail_t vip-not-on-rs vip="$VIP" host="$me"
expect_rs_vip "$VIP"
# 2. Reverse-path filter: max(all, tunl0); 1 drops, 0 and 2 (loose) pass.
a=$(cat "$conf/all/rp_filter") t=$(cat "$conf/tunl0/rp_filter")
eff=$a; [ "$t" -gt "$eff" ] && eff=$t
[ "$eff" != 1 ] ||
  fail_t rs-rp-filter host="$me" a="$a" t="$t"
# 3. ARP: the real servers share the LAN with the client, as in DR: quiet about the VIP on eth0,
# by sysctls (max of all and eth0) or nftables/arptables ARP rules (expect_rs_arp_quiet, lib/net.sh).
expect_rs_arp_quiet "$VIP"
# 4. nginx answers on the VIP.
body=$(http_get "http://$VIP/" 2>&1) || fail_t rs-nginx-down vip="$VIP" host="$me"
[ "$body" = "$me" ] || fail_t rs-wrong-page vip="$VIP" host="$me"
dev=$(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }')
[ -z "$arp_rules" ] ||
  pass_t rs-ok-rules host="$me" vip="$VIP" dev="$dev" a="$a" t="$t" ignore="$arp_ignore_eff" announce="$arp_announce_eff" rules="$arp_rules"
pass_t rs-ok host="$me" vip="$VIP" dev="$dev" a="$a" t="$t" ignore="$arp_ignore_eff" announce="$arp_announce_eff"
