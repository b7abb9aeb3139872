set -eu
# The gateway's real MAC is fixed by the lab: 02:42 and the four octets of its address.
gw_mac=$(printf '02:42:%02x:%02x:%02x:%02x' $(printf '%s' "$GATEWAY_IP" | tr . ' '))
f=/root/rogue-mac
[ -f "$f" ] ||
  fail "there is no /root/rogue-mac on client: find the MAC that claims the gateway's address $GATEWAY_IP and write it there (echo MAC > /root/rogue-mac)"
macs=$(tr 'A-F' 'a-f' < "$f" | grep -oE '([0-9a-f]{2}[:-]){5}[0-9a-f]{2}' | tr - : | sort -u)
[ -n "$macs" ] ||
  fail "/root/rogue-mac holds no MAC address (it has: $(head -c 60 "$f" | tr -s '\n' ' ')): write six hex pairs, such as 02:42:0a:7b:03:42"
[ "$(printf '%s\n' "$macs" | wc -l)" -eq 1 ] ||
  fail "/root/rogue-mac holds $(printf '%s\n' "$macs" | wc -l) MAC addresses ($(echo $macs)): write only the one that falsely claims $GATEWAY_IP"

rogue_mac=$(arp_macs "$ROGUE_IP" | head -n 1)
[ -n "$rogue_mac" ] || broken "rogue ($ROGUE_IP) does not answer ARP: the lab is broken (reset it)"
own=$(mac_of eth0)
case "$macs" in
  "$rogue_mac") pass "$rogue_mac, the MAC that claims $GATEWAY_IP, belongs to rogue ($ROGUE_IP)" ;;
  "$gw_mac") fail "$macs is the gateway's real MAC, the one that rightly answers for $GATEWAY_IP. The impostor is the other MAC that answers arping -I eth0 $GATEWAY_IP" ;;
  "$own") fail "$macs is client's own MAC (ip link show eth0): look for the MAC that answers for the gateway's address $GATEWAY_IP" ;;
esac
fail "no host of this lab has the MAC $macs: compare the MACs that answer arping -c 3 -I eth0 $GATEWAY_IP with the ones that answer for the other hosts' addresses"
