set -eu
dip=$DIRECTOR_PRIVATE_IP
# The director's interfaces, $pub_if and $priv_if (lvs_director_sides, lib/lvs.sh).
lvs_director_sides
[ -n "$(dev_of "$VIP")" ] || fail "the VIP $VIP is not on the director (the first task puts it on $pub_if)"
[ "$(sysctl_get net.ipv4.ip_forward)" = 1 ] ||
  fail "ip_forward is off on the director: nothing reaches rs1 or rs2 (sysctl -w net.ipv4.ip_forward=1)"
lvs_expect_service -t "$VIP:80" -s 'rr|wrr' -m

# 1. IPVS and connection tracking.
ct=$(sysctl_get net.ipv4.vs.conntrack) ||
  broken "net.ipv4.vs.conntrack does not exist in this lab's network namespace (this kernel hides the IPVS sysctls from a network namespace owned by a user namespace, as userns-remapped containers are): this engine cannot run full NAT"
[ "$ct" = 1 ] ||
  fail "net.ipv4.vs.conntrack is $ct: IPVS then marks the packets it forwards as untracked, and the nat table (SNAT, MASQUERADE) never sees them, so the rule is never used and rs1 still answers the client's address. sysctl -w net.ipv4.vs.conntrack=1"

# 2. A source NAT rule, in iptables (nft or legacy backend) or in nftables. Docker's own rules
# for its DNS server (127.0.0.11) do not count.
# (iptables-legacy-save only when legacy tables exist: listing them would create them.)
rules=$( { iptables-save -t nat 2>/dev/null
  [ ! -s /proc/net/ip_tables_names ] || iptables-legacy-save -t nat 2>/dev/null; } |
  grep -E '^-A .*-j (SNAT|MASQUERADE)' | grep -v '127\.0\.0\.11' || true)
nft_rules=$(nft list ruleset 2>/dev/null | grep -E '\b(snat|masquerade)\b' | grep -v '127\.0\.0\.11' | grep -v '^[[:space:]]*#' || true)
[ -n "$rules$nft_rules" ] ||
  fail "the director has no source NAT rule: IPVS rewrites only the destination (VIP to RIP), so rs1 sees the client's address and answers it through its own gateway, the router. Add one for the private leg, e.g. iptables -t nat -A POSTROUTING -m ipvs --vaddr $VIP/32 --vport 80 -j SNAT --to-source $dip (or -o $priv_if -j MASQUERADE)"

# 3. Where it translates to, and on which interface.
bad_to='' bad_if='' to=''
for t in $(printf '%s\n%s\n' "$rules" "$nft_rules" | grep -oE '(--to-source|snat( ip)? to) [0-9.]+' | awk '{ print $NF }'); do
  to=$t
  if [ "$t" != "$dip" ]; then
    own=$(dev_of "$t")
    [ "$own" = "$priv_if" ] || bad_to=$t
  fi
done
for o in $(printf '%s\n' "$rules" | grep -oE '(-o|--out-interface) [^ ]+' | awk '{ print $2 }') \
         $(printf '%s\n' "$nft_rules" | grep -oE 'oifname "?[^" ]+' | awk '{ gsub(/"/, "", $2); print $2 }'); do
  [ "$o" = "$pub_if" ] && bad_if=$o
done
if [ -n "$bad_to" ]; then
  case "$bad_to" in
    "$VIP") what="the VIP" ;;
    "$DIRECTOR_PUBLIC_IP") what="the director's public address" ;;
    "$CLIENT_IP") what="the client's address" ;;
    *) what="an address that is not the director's on the private network" ;;
  esac
  fail "the source NAT rule translates to $bad_to, $what, which is not on the real servers' subnet: rs1 and rs2 answer it through their default gateway, the router, so every reply takes a detour through a box that has no business carrying it (and on most sites would never find the way back). Translate to the DIP $dip (--to-source $dip), the director's address on the real servers' own subnet, so replies come straight back on the link"
fi
[ -z "$bad_if" ] ||
  fail "a source NAT rule matches only packets leaving by $bad_if, the public side; the packets to rs1 and rs2 leave by $priv_if (-o $priv_if, or match them with -m ipvs --vaddr $VIP/32 --vport 80)"
pass "vs.conntrack=1 and the director rewrites the source of the private leg to ${to:-the DIP, by masquerading on $priv_if}"
