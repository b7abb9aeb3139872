set -eu
me=$OPSLAB_HOST
conf=/proc/sys/net/ipv4/conf

# 1. The VIP: on lo (or a label of lo, or a dummy), as a /32; never on eth0 (addr_where,
# expect_rs_vip: lib/net.sh).
where=$(addr_where "$VIP")
[ -n "$where" ] ||
  fail "the VIP $VIP is not on $me: the director passes $me frames whose packets are addressed to $VIP, and $me drops them as not its own. ip addr add $VIP/32 dev lo (after the sysctls)"
expect_rs_vip "$VIP"

# 2. ARP on eth0: the kernel uses max(conf.all, conf.eth0); conf.lo is never read for it.
eff=$(sysctl_effective_arp eth0)
ignore=${eff#arp_ignore=}; ignore=${ignore%% *}
announce=${eff##*arp_announce=}
now() { echo "$1 now: all=$(cat "$conf/all/$1"), eth0=$(cat "$conf/eth0/$1"), lo=$(cat "$conf/lo/$1")"; }
# nftables arp-family rules that name the VIP do the same job: in an input hook instead of
# arp_ignore, in an output hook instead of arp_announce.
nft_hooks=$(nft list ruleset arp 2>/dev/null | awk -v vip="$VIP" '
  /^[ \t]*chain / { h = "" }
  /hook input/ { h = "input" }
  /hook output/ { h = "output" }
  h != "" && index($0, vip) { print h }' | sort -u | paste -sd' ' -) || nft_hooks=''
case "$ignore" in
  1 | 2) ;;
  0)
    case " $nft_hooks " in
      *" input "*) ;;
      *)
        [ "$(cat "$conf/lo/arp_ignore")" -ge 1 ] &&
          fail "arp_ignore is set on $me's lo only; the kernel uses max(all, eth0) = 0 for ARP arriving on eth0 ($(now arp_ignore)), so $me still answers ARP for the VIP: sysctl -w net.ipv4.conf.all.arp_ignore=1 (or on eth0)"
        fail "arp_ignore is 0 for $me's eth0 ($(now arp_ignore)): $me answers ARP for every local address, the VIP on lo included, and the client can learn $me's MAC for the VIP: sysctl -w net.ipv4.conf.all.arp_ignore=1 (or on eth0)" ;;
    esac ;;
  3) fail "arp_ignore is 3 for $me's eth0: that only hides addresses of scope host, and the VIP has scope global. Use 1 ($(now arp_ignore))" ;;
  8) fail "arp_ignore is 8 for $me's eth0: $me ignores every ARP request, even for its own $(ip -o -4 addr show dev eth0 | awk '{ print $4; exit }'), and the director can no longer find its MAC. Use 1 ($(now arp_ignore))" ;;
  *) fail "arp_ignore is $ignore for $me's eth0: values 4-7 are reserved and act like 0. Use 1 ($(now arp_ignore))" ;;
esac
if [ "$announce" != 2 ]; then
  case " $nft_hooks " in
    *" output "*) ;;
    *)
      why="when $me answers a client it has not met yet, it asks 'who-has CLIENT tell $VIP', and every host that hears it learns the VIP at $me's MAC"
      [ "$(cat "$conf/lo/arp_announce")" -ge 2 ] &&
        fail "arp_announce is set on $me's lo only; the kernel uses max(all, eth0) = $announce for ARP leaving eth0 ($(now arp_announce)): $why. sysctl -w net.ipv4.conf.all.arp_announce=2 (or on eth0)"
      [ "$announce" = 1 ] &&
        fail "arp_announce is 1 for $me's eth0: that only avoids sender addresses outside the target's subnet, and the VIP is inside $LAN_SUBNET ($(now arp_announce)). Use 2"
      fail "arp_announce is $announce for $me's eth0 ($(now arp_announce)): $why. sysctl -w net.ipv4.conf.all.arp_announce=2 (or on eth0)" ;;
  esac
fi

# 3. nginx answers on the VIP (a local connection: the VIP is this host's own address).
body=$(http_get "http://$VIP/" 2>&1) ||
  fail "nothing answers on $VIP:80 on $me itself ($(printf %s "$body" | tail -n 1)): is nginx running (nginx -t && nginx)?"
[ "$body" = "$me" ] ||
  fail "$VIP:80 on $me answers, but not with $me's page (got: $(printf %s "$body" | tr '\n' ' ' | cut -c1-60))"
pass "$me holds $VIP/32 on $(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }'), ARP on eth0 uses arp_ignore=$ignore arp_announce=$announce${nft_hooks:+ (nftables arp: $nft_hooks)}, and nginx answers on the VIP"
