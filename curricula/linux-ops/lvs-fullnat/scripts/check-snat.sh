set -eu
dip=$DIRECTOR_PRIVATE_IP
# The director's interfaces, $pub_if and $priv_if (lvs_director_sides, lib/lvs.sh).
lvs_director_sides
[ -n "$(dev_of "$VIP")" ] || fail_t snat-vip-missing vip="$VIP" pub_if="$pub_if"
[ "$(sysctl_get net.ipv4.ip_forward)" = 1 ] ||
  fail_t snat-ip-forward-off
lvs_expect_service -t "$VIP:80" -s 'rr|wrr' -m

# 1. IPVS and connection tracking.
ct=$(sysctl_get net.ipv4.vs.conntrack) ||
  broken "net.ipv4.vs.conntrack does not exist in this lab's network namespace (this kernel hides the IPVS sysctls from a network namespace owned by a user namespace, as userns-remapped containers are): this engine cannot run full NAT"
[ "$ct" = 1 ] ||
  fail_t vs-conntrack-off ct="$ct"

# 2. The source NAT that applies to what IPVS sends each real server: a new connection from the
# client to RIP:80, leaving by the private side, for the virtual service VIP:80 (nat_source,
# lib/net.sh: every iptables and nftables rule, in the order the kernel tries them, the first
# that translates decides). Other rules, on other interfaces or for other traffic, do not matter.
# The rule to add (SNAT to the DIP for the virtual service) is in the words of snat-missing and
# snat-not-applying (messages.yaml), so that it is translated with them.
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
        fail_t snat-missing rs="$rs" vip="$VIP" dip="$dip" priv_if="$priv_if"
      case "$others" in
        *"leaving by $pub_if"*)
          fail_t snat-public-side pub_if="$pub_if" priv_if="$priv_if" rule="$(printf '%s\n' "$others" | head -n 1 | cut -d'|' -f1)" vip="$VIP" ;;
      esac
      fail_t snat-not-applying rs="$rs" client_ip="$CLIENT_IP" rip="$rip" priv_if="$priv_if" rules="$(printf '%s\n' "$others" | head -n 3 | sed 's/ | /: /' | paste -sd';' -)" vip="$VIP" dip="$dip" ;;
    snat | masq) ;;
    *) broken "nat_source said: $out" ;;
  esac
  if [ "$addr" != "$dip" ] && [ "$(dev_of "$addr")" != "$priv_if" ]; then
    # One message per kind of address, and a MASQUERADE twin of each (-masq) that says why it
    # picked that source.
    # message keys: snat-to-vip snat-to-public snat-to-client snat-to-other
    # message keys: snat-to-vip-masq snat-to-public-masq snat-to-client-masq snat-to-other-masq
    case "$addr" in
      "$VIP") key=snat-to-vip ;;
      "$DIRECTOR_PUBLIC_IP") key=snat-to-public ;;
      "$CLIENT_IP") key=snat-to-client ;;
      *) key=snat-to-other ;;
    esac
    [ "$verdict" = snat ] || key=$key-masq
    fail_t "$key" rs="$rs" rule="$rule" addr="$addr" dip="$dip"
  fi
  to="$verdict to $addr ($rule)"
done
pass_t snat-ok verdict="$verdict" addr="$addr" rule="$rule"
