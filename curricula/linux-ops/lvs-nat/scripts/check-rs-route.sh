set -eu
me=$OPSLAB_HOST
dip=$DIRECTOR_PRIVATE_IP
# How this real server would send a reply to the client (the client's address is what the
# reply is addressed to: in NAT the real server sees the client's own address).
route=$(ip -o route get "$CLIENT_IP" 2>/dev/null || true)
[ -n "$route" ] ||
  fail "$me has no default route (ip route: $(ip route | awk '{ print $1 }' | paste -sd, -)): IPVS hands it the client's SYN, and the SYN-ACK to $CLIENT_IP goes nowhere. Route replies through the director: ip route add default via $dip"
via=$(printf '%s\n' "$route" | awk '{ for (i = 1; i < NF; i++) if ($i == "via") { print $(i + 1); exit } }')
[ "$via" = "$dip" ] ||
  fail "$me sends traffic for the client ($CLIENT_IP) ${via:+via $via}${via:-directly}, not via the DIP $dip: the reply must pass the director, which rewrites its source back to the VIP (ip route replace default via $dip)"
ping -c 1 -W 3 "$dip" >/dev/null 2>&1 </dev/null ||
  fail "$me routes via the DIP $dip, but the DIP does not answer a ping: is the director's private interface up?"
pass "$me sends replies to $PUBLIC_SUBNET via the DIP $dip"
