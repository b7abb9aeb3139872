set -eu
trap 'ip neigh del "$VIP" dev eth0 2>/dev/null || true' EXIT

server_mac=$(arp_macs "$SERVER_IP")
[ -n "$server_mac" ] ||
  fail_t server-ignores-all-arp server_ip="$SERVER_IP"
[ "$(printf '%s\n' "$server_mac" | wc -l)" -eq 1 ] ||
  fail_t server-ip-several-macs server_ip="$SERVER_IP" macs="$(echo $server_mac)" lan_prefix="$LAN_PREFIX"

# 1. Nobody may answer ARP for the VIP, and client's kernel must learn no MAC for it.
ip neigh del "$VIP" dev eth0 2>/dev/null || true
answers=$(arp_macs "$VIP")
for mac in $answers; do
  if [ "$mac" = "$server_mac" ]; then
    fail_t server-answers-for-vip server_ip="$SERVER_IP" mac="$mac" vip="$VIP"
  fi
  fail_t other-mac-answers-for-vip mac="$mac" server_mac="$server_mac" vip="$VIP"
done
ping -c 1 -W 1 "$VIP" >/dev/null 2>&1 </dev/null || true
learnt=$(neigh_mac "$VIP")
[ -z "$learnt" ] || fail_t vip-resolved vip="$VIP" learnt="$learnt"

# 2. server must still accept packets for the VIP: send to server's MAC directly, the way an
# LVS-DR director does, and expect an answer from the VIP.
ip neigh replace "$VIP" lladdr "$server_mac" dev eth0 nud permanent
ping -c 1 -W 2 "$VIP" >/dev/null 2>&1 </dev/null ||
  fail_t vip-not-accepted vip="$VIP"
pass_t vip-silent-ok vip="$VIP" server_ip="$SERVER_IP" server_mac="$server_mac"
