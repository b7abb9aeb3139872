# Addresses and ARP, as the checks of this course look at them. Part of the course prelude
# (roadmap.yaml): functions only. check.sh (sent before this) has the single-value helpers:
# neigh_mac, mac_of, has_addr, iface_for, sysctl_effective_arp.

# arp_macs IP: the MACs that answer an ARP request for IP on eth0, one per line, sorted, in
# lower case; nothing when nobody answers. arping reads the replies itself, so the neighbour
# cache plays no part; -b keeps every request broadcast, so a second host that answers for IP
# shows up too. At most 3 s (2 replies end it sooner).
arp_macs() {
  arping -b -c 2 -w 3 -I eth0 "$1" </dev/null 2>/dev/null |
    awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5) }' | sort -u
}

# arp_mac IP: the MAC of the host at IP, asked without teaching it ours: a duplicate-address
# probe has sender 0.0.0.0, so the asked host learns nothing about this one, and the ARP entries
# a check is about stay as the learner left them. A host with arp_ignore 2 ignores such probes
# (0.0.0.0 is on no subnet of its), so then a plain request. Nothing when neither is answered.
arp_mac() {
  local m
  m=$(arping -D -c 1 -w 2 -I eth0 "$1" </dev/null 2>/dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
  [ -n "$m" ] || m=$(arping -c 1 -w 2 -I eth0 "$1" </dev/null 2>/dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
  printf '%s\n' "$m"
}

# addr_where IP: where IP is a local IPv4 address: one "DEV PREFIX" line per interface that holds
# it (a label such as lo:0 shows as lo); nothing when none does.
addr_where() {
  ip -o -4 addr show | awk -v ip="$1" '{ split($4, a, "/"); if (a[1] == ip) print $2, a[2] }'
}

# dev_of IP: the first interface that holds IP; nothing when none does.
dev_of() {
  addr_where "$1" | awk 'NR == 1 { print $1 }'
}

# expect_rs_vip IP: IP is held as a real server holds a VIP: on no LAN interface (eth*), where
# no sysctl can keep ARP quiet about it, and as a /32, which makes no neighbour local; fails
# naming the fix. Where IP is on no interface at all, it says nothing: the check says it, in
# the words of its lab.
expect_rs_vip() {
  local dev prefix
  while read -r dev prefix; do
    case "$dev" in
      '') continue ;;
      eth*) fail "$1 is on $OPSLAB_HOST's $dev, the LAN interface: no sysctl hides an address of the interface an ARP request arrives on, so $OPSLAB_HOST answers ARP for $1. ip addr del $1/$prefix dev $dev; ip addr add $1/32 dev lo" ;;
    esac
    [ "$prefix" = 32 ] ||
      fail "$1 is on $OPSLAB_HOST's $dev as /$prefix: that makes its whole /$prefix subnet local to $OPSLAB_HOST (ip route show table local), so $OPSLAB_HOST takes its neighbours' addresses, a client's too, for its own and cannot reach them. ip addr del $1/$prefix dev $dev; ip addr add $1/32 dev $dev"
  done <<WHERE
$(addr_where "$1")
WHERE
}
