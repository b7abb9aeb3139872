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

# 2. The source NAT that applies to what IPVS sends each real server: a new connection from the
# client to RIP:80, leaving by the private side, for the virtual service VIP:80 (nat_source,
# lib/net.sh: every iptables and nftables rule, in the order the kernel tries them, the first
# that translates decides). Other rules, on other interfaces or for other traffic, do not matter.
fix="iptables -t nat -A POSTROUTING -m ipvs --vaddr $VIP/32 --vport 80 -j SNAT --to-source $dip (or -o $priv_if -j MASQUERADE)"
to=''
for rs in rs1 rs2; do
  case "$rs" in rs1) rip=$RS1_IP ;; *) rip=$RS2_IP ;; esac
  out=$(nat_source "$CLIENT_IP" "$rip" 80 "$priv_if" "$VIP" 80)
  read -r verdict addr rule <<OUT
$(printf '%s\n' "$out" | head -n 1)
OUT
  others=$(printf '%s\n' "$out" | sed -n 's/^other //p')
  case "$verdict" in
    none)
      [ -n "$others" ] ||
        fail "the director has no source NAT rule: IPVS rewrites only the destination (VIP to RIP), so $rs sees the client's address and answers it through its own gateway, the router. Add one for the private leg, e.g. $fix"
      case "$others" in
        *"leaving by $pub_if"*)
          fail "a source NAT rule matches only packets leaving by $pub_if, the public side; the packets to rs1 and rs2 leave by $priv_if, and no rule translates those ($(printf '%s\n' "$others" | head -n 1 | cut -d'|' -f1)). Use -o $priv_if, or match them with -m ipvs --vaddr $VIP/32 --vport 80" ;;
      esac
      fail "none of the director's source NAT rules applies to the packets IPVS sends $rs ($CLIENT_IP to $rip:80, leaving by $priv_if): $(printf '%s\n' "$others" | head -n 3 | sed 's/ | /: /' | paste -sd';' -). Add one that does, e.g. $fix" ;;
    snat | masq) ;;
    *) broken "nat_source said: $out" ;;
  esac
  if [ "$addr" != "$dip" ] && [ "$(dev_of "$addr")" != "$priv_if" ]; then
    case "$addr" in
      "$VIP") what="the VIP" ;;
      "$DIRECTOR_PUBLIC_IP") what="the director's public address" ;;
      "$CLIENT_IP") what="the client's address" ;;
      *) what="an address that is not the director's on the private network" ;;
    esac
    [ "$verdict" = snat ] || what="$what (MASQUERADE takes the source of the route out of that interface)"
    fail "the source NAT that applies to the packets IPVS sends $rs ($rule) translates to $addr, $what, which is not on the real servers' subnet: rs1 and rs2 answer it through their default gateway, the router, so every reply takes a detour through a box that has no business carrying it (and on most sites would never find the way back). Translate to the DIP $dip (--to-source $dip), the director's address on the real servers' own subnet, so replies come straight back on the link"
  fi
  to="$verdict to $addr ($rule)"
done
pass "vs.conntrack=1 and the director rewrites the source of the private leg: $to"
