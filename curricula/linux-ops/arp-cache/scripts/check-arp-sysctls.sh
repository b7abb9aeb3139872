set -eu
conf=/proc/sys/net/ipv4/conf
has_addr "$VIP" || fail "$VIP is not on server: it must stay on lo (ip addr add $VIP/32 dev lo); the point is to hold it without answering ARP for it"
case "$(ip -o -4 addr show dev eth0)" in
  *" $VIP/"*) fail "$VIP is on server's eth0: no sysctl hides an address of the interface the ARP request arrives on. Move it to lo as a /32" ;;
esac

# What the kernel applies to ARP on eth0: max(conf.all, conf.eth0). conf.lo is never consulted.
eff=$(sysctl_effective_arp eth0)
ignore=${eff#arp_ignore=}; ignore=${ignore%% *}
announce=${eff##*arp_announce=}
lo_ignore=$(cat "$conf/lo/arp_ignore")
lo_announce=$(cat "$conf/lo/arp_announce")
now() { echo "$1 now: all=$(cat "$conf/all/$1"), eth0=$(cat "$conf/eth0/$1"), lo=$(cat "$conf/lo/$1")"; }

# An nftables arp-family rule that drops requests for the VIP does the job of arp_ignore too.
nft_guard=no
if command -v nft >/dev/null 2>&1 && nft list ruleset arp 2>/dev/null | grep -q "$VIP"; then nft_guard=yes; fi

case "$ignore" in
  1 | 2) ;;
  0)
    if [ "$nft_guard" = no ]; then
      [ "$lo_ignore" -ge 1 ] &&
        fail "arp_ignore is set on lo only; the kernel uses max(all, eth0) = 0 for ARP arriving on eth0 ($(now arp_ignore)): set net.ipv4.conf.all.arp_ignore=1 (or on eth0)"
      fail "arp_ignore is 0 on all and on eth0, so server answers ARP for every local address, $VIP included ($(now arp_ignore)): set net.ipv4.conf.all.arp_ignore=1 (or on eth0)"
    fi
    ;;
  3) fail "arp_ignore is 3 for eth0: that only hides addresses of scope host, and $VIP has scope global. Use 1 ($(now arp_ignore))" ;;
  8) fail "arp_ignore is 8 for eth0: server now ignores every ARP request, even for its own $SERVER_IP. Use 1 ($(now arp_ignore))" ;;
  *) fail "arp_ignore is $ignore for eth0: values 4-7 are reserved and act like 0. Use 1 ($(now arp_ignore))" ;;
esac

# arp_announce, by behaviour: make server ARP for other from the VIP and read the sender
# address of its request on the wire.
cap=$(mktemp); err=$(mktemp); tp=''
trap 'kill "$tp" 2>/dev/null || true; rm -f "$cap" "$err"' EXIT
timeout 6 tcpdump -p -n -l -i eth0 arp >"$cap" 2>"$err" </dev/null &
tp=$!
wait_for -t 3 grep -q listening "$err" >/dev/null || broken "tcpdump did not start on server: $(cat "$err")"
ip neigh del "$OTHER_IP" dev eth0 2>/dev/null || true
ping -c 1 -W 1 -I "$VIP" "$OTHER_IP" >/dev/null 2>&1 </dev/null || true
sleep 0.3
kill "$tp" 2>/dev/null || true
wait "$tp" 2>/dev/null || true
sender=$(awk -v t="$OTHER_IP" '$0 ~ ("Request who-has " t " tell ") {
  for (i = 1; i < NF; i++) if ($i == "tell") { s = $(i + 1); sub(/,$/, "", s); print s; exit } }' "$cap")

if [ "$sender" = "$VIP" ]; then
  why="server's ARP request for $OTHER_IP carried $VIP as its sender, so other (and every host that already knows $VIP) learns $VIP at server's MAC"
  [ "$announce" = 1 ] &&
    fail "arp_announce is 1 for eth0: that only avoids senders outside the target's subnet, and $VIP is inside $LAN_SUBNET. Use 2: $why ($(now arp_announce))"
  [ "$lo_announce" -ge 2 ] &&
    fail "arp_announce is set on lo only; the kernel uses max(all, eth0) = $announce for ARP leaving eth0: $why ($(now arp_announce))"
  fail "arp_announce is $announce for eth0: $why. Set net.ipv4.conf.all.arp_announce=2 (or on eth0) ($(now arp_announce))"
fi
if [ -z "$sender" ] && [ "$announce" -lt 2 ]; then
  fail "server sent no ARP request during the test, and arp_announce for eth0 is $announce: set net.ipv4.conf.all.arp_announce=2 (or on eth0) ($(now arp_announce))"
fi
pass "ARP on eth0 uses arp_ignore=$ignore (nftables arp guard: $nft_guard) and arp_announce=$announce; server asks 'who-has $OTHER_IP tell ${sender:-?}'"
