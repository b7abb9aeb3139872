set -eu
# The gateway's real MAC is fixed by the lab: 02:42 and the four octets of its address.
gw_mac=$(printf '02:42:%02x:%02x:%02x:%02x' $(printf '%s' "$GATEWAY_IP" | tr . ' '))
f=/root/rogue-mac
[ -f "$f" ] ||
  fail_t no-rogue-mac-file gateway_ip="$GATEWAY_IP"
macs=$(tr 'A-F' 'a-f' < "$f" | grep -oE '([0-9a-f]{2}[:-]){5}[0-9a-f]{2}' | tr - : | sort -u)
[ -n "$macs" ] ||
  fail_t rogue-mac-file-no-mac content="$(head -c 60 "$f" | tr -s '\n' ' ')"
[ "$(printf '%s\n' "$macs" | wc -l)" -eq 1 ] ||
  fail_t rogue-mac-file-several count="$(printf '%s\n' "$macs" | wc -l)" macs="$(echo $macs)" gateway_ip="$GATEWAY_IP"

rogue_mac=$(arp_macs "$ROGUE_IP" | head -n 1)
[ -n "$rogue_mac" ] || broken "rogue ($ROGUE_IP) does not answer ARP: the lab is broken (reset it)"
own=$(mac_of eth0)
case "$macs" in
  "$rogue_mac") pass_t rogue-mac-found rogue_mac="$rogue_mac" gateway_ip="$GATEWAY_IP" rogue_ip="$ROGUE_IP" ;;
  "$gw_mac") fail_t rogue-mac-is-gateway macs="$macs" gateway_ip="$GATEWAY_IP" ;;
  "$own") fail_t rogue-mac-is-own macs="$macs" gateway_ip="$GATEWAY_IP" ;;
esac
fail_t rogue-mac-unknown macs="$macs" gateway_ip="$GATEWAY_IP"
