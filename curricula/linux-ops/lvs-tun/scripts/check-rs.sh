set -eu
me=$OPSLAB_HOST
conf=/proc/sys/net/ipv4/conf
# 1. The tunnel end: ipip's tunl0, up, with the VIP as /32.
[ -d /sys/class/net/tunl0 ] ||
  fail "$me has no tunl0: the ipip module is not loaded (modprobe ipip creates tunl0), so IPIP packets from the director are not decapsulated"
where=$(addr_where "$VIP")  # lib/net.sh
on_tunl=$(printf '%s\n' "$where" | awk '$1 == "tunl0"')
if [ -z "$on_tunl" ]; then
  [ -n "$where" ] &&
    fail "the VIP $VIP is on $me's $(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }'), not on tunl0: in TUN the VIP belongs on tunl0, where the decapsulated packets arrive (ip addr add $VIP/32 dev tunl0)"
  fail "the VIP $VIP is not on $me's tunl0: the decapsulated packet, addressed to $VIP, is dropped as not local. ip addr add $VIP/32 dev tunl0"
fi
case "$where" in *eth*) fail "the VIP $VIP is also on $me's eth interface: $me then answers ARP for it. Keep it on tunl0 only" ;; esac
set -- $on_tunl
[ "$2" = 32 ] || fail "the VIP is on tunl0 as /$2: use /32 (ip addr del $VIP/$2 dev tunl0; ip addr add $VIP/32 dev tunl0)"
ip -o link show tunl0 | grep -q '[<,]UP[,>]' ||
  fail "tunl0 is down on $me: the kernel drops what arrives on a down interface. ip link set tunl0 up"
# 2. Reverse-path filter: max(all, tunl0); 1 drops, 0 and 2 (loose) pass.
a=$(cat "$conf/all/rp_filter") t=$(cat "$conf/tunl0/rp_filter")
eff=$a; [ "$t" -gt "$eff" ] && eff=$t
[ "$eff" != 1 ] ||
  fail "rp_filter is 1 on $me's tunl0 or all (all=$a, tunl0=$t; the kernel uses the larger): the kernel drops IPIP-decapsulated packets whose source the reverse path check fails, because the client's address is routed out of eth0, not tunl0. sysctl -w net.ipv4.conf.tunl0.rp_filter=0 net.ipv4.conf.all.rp_filter=0"
# 3. ARP: the real servers share the LAN with the client, as in DR.
eff=$(sysctl_effective_arp eth0)
ignore=${eff#arp_ignore=}; ignore=${ignore%% *}
announce=${eff##*arp_announce=}
case "$ignore" in
  1 | 2) ;;
  *) fail "arp_ignore is $ignore for $me's eth0 (max of all and eth0; lo's value is never read): $me answers ARP for the VIP on tunl0 and the client can skip the director. sysctl -w net.ipv4.conf.all.arp_ignore=1" ;;
esac
[ "$announce" = 2 ] ||
  fail "arp_announce is $announce for $me's eth0 (max of all and eth0): $me may announce the VIP in its own ARP requests. sysctl -w net.ipv4.conf.all.arp_announce=2"
# 4. nginx answers on the VIP.
body=$(http_get "http://$VIP/" 2>&1) || fail "nothing answers on $VIP:80 on $me itself: is nginx running?"
[ "$body" = "$me" ] || fail "$VIP:80 on $me answers, but not with $me's page"
pass "$me: ipip's tunl0 up with $VIP/32, rp_filter $a/$t (all/tunl0), arp_ignore=$ignore arp_announce=$announce, nginx answers on the VIP"
