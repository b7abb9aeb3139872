set -eu
conf=/proc/sys/net/ipv4/conf
has_addr "$VIP" || fail_t vip-not-on-server vip="$VIP"
case "$(ip -o -4 addr show dev eth0)" in
  *" $VIP/"*) fail_t vip-on-eth0 vip="$VIP" ;;
esac

# What the kernel applies to ARP on eth0: max(conf.all, conf.eth0). conf.lo is never consulted.
eff=$(sysctl_effective_arp eth0)
ignore=${eff#arp_ignore=}; ignore=${ignore%% *}
announce=${eff##*arp_announce=}
lo_ignore=$(cat "$conf/lo/arp_ignore")
lo_announce=$(cat "$conf/lo/arp_announce")
# now NAME: the values of sysctl NAME on all, eth0 and lo, for the messages ("NAME now: ...").
now() { echo "all=$(cat "$conf/all/$1"), eth0=$(cat "$conf/eth0/$1"), lo=$(cat "$conf/lo/$1")"; }

# An nftables arp-family rule that drops requests for the VIP does the job of arp_ignore too.
nft_guard=no
if command -v nft >/dev/null 2>&1 && nft list ruleset arp 2>/dev/null | grep -q "$VIP"; then nft_guard=yes; fi

case "$ignore" in
  1 | 2) ;;
  0)
    if [ "$nft_guard" = no ]; then
      [ "$lo_ignore" -ge 1 ] &&
        fail_t server-arp-ignore-lo-only now="$(now arp_ignore)"
      fail_t server-arp-ignore-off vip="$VIP" now="$(now arp_ignore)"
    fi
    ;;
  3) fail_t server-arp-ignore-3 vip="$VIP" now="$(now arp_ignore)" ;;
  8) fail_t server-arp-ignore-8 server_ip="$SERVER_IP" now="$(now arp_ignore)" ;;
  *) fail_t server-arp-ignore-reserved ignore="$ignore" now="$(now arp_ignore)" ;;
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
  [ "$announce" = 1 ] &&
    fail_t server-arp-announce-1 vip="$VIP" lan_subnet="$LAN_SUBNET" other_ip="$OTHER_IP" now="$(now arp_announce)"
  [ "$lo_announce" -ge 2 ] &&
    fail_t server-arp-announce-lo-only announce="$announce" other_ip="$OTHER_IP" vip="$VIP" now="$(now arp_announce)"
  fail_t server-arp-announce-low announce="$announce" other_ip="$OTHER_IP" vip="$VIP" now="$(now arp_announce)"
fi
if [ -z "$sender" ] && [ "$announce" -lt 2 ]; then
  fail_t server-arp-announce-no-request announce="$announce" now="$(now arp_announce)"
fi
# With an nftables ARP guard: the key ending -nft-guard (its sentence says so, not a yes/no value).
guard_form=''
[ "$nft_guard" = no ] || guard_form=-nft-guard
pass_t "arp-sysctls-ok$guard_form" ignore="$ignore" announce="$announce" other_ip="$OTHER_IP" sender="${sender:-?}"
