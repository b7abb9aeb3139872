set -eu
me=$OPSLAB_HOST
conf=/proc/sys/net/ipv4/conf
# 1. The tunnel end: ipip's tunl0, up, with the VIP as /32.
[ -d /sys/class/net/tunl0 ] ||
  fail "$me has no tunl0: the ipip module is not loaded (modprobe ipip creates tunl0), so IPIP packets from the director are not decapsulated"
ip -o link show tunl0 | grep -q '[<,]UP[,>]' ||
  fail "tunl0 is down on $me: the kernel drops what arrives on a down interface, IPIP from the director too. ip link set tunl0 up"
# The VIP: on tunl0, where the decapsulated packets arrive, or on lo or a dummy (a packet for any
# local address is accepted, whichever interface it came in on), as a /32; on eth0 only where an
# ARP rule drops requests for it (addr_where, expect_rs_vip: lib/net.sh).
where=$(addr_where "$VIP")
[ -n "$where" ] ||
  fail "the VIP $VIP is not on $me: the decapsulated packet, addressed to $VIP, is dropped as not local. ip addr add $VIP/32 dev tunl0"
expect_rs_vip "$VIP"
# 2. Reverse-path filter: max(all, tunl0); 1 drops, 0 and 2 (loose) pass.
a=$(cat "$conf/all/rp_filter") t=$(cat "$conf/tunl0/rp_filter")
eff=$a; [ "$t" -gt "$eff" ] && eff=$t
[ "$eff" != 1 ] ||
  fail "rp_filter is 1 on $me's tunl0 or all (all=$a, tunl0=$t; the kernel uses the larger): the kernel drops IPIP-decapsulated packets whose source the reverse path check fails, because the client's address is routed out of eth0, not tunl0. sysctl -w net.ipv4.conf.tunl0.rp_filter=0 net.ipv4.conf.all.rp_filter=0"
# 3. ARP: the real servers share the LAN with the client, as in DR: quiet about the VIP on eth0,
# by sysctls (max of all and eth0) or nftables/arptables ARP rules (expect_rs_arp_quiet, lib/net.sh).
expect_rs_arp_quiet "$VIP"
# 4. nginx answers on the VIP.
body=$(http_get "http://$VIP/" 2>&1) || fail "nothing answers on $VIP:80 on $me itself: is nginx running?"
[ "$body" = "$me" ] || fail "$VIP:80 on $me answers, but not with $me's page"
pass "$me: ipip's tunl0 up, $VIP/32 on $(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }'), rp_filter $a/$t (all/tunl0), $arp_summary, nginx answers on the VIP"
