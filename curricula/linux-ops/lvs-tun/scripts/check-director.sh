set -eu
svc="$VIP:80"
has_addr "$VIP" || fail "the VIP $VIP is not on the director: ip addr add $VIP/32 dev eth0"
out=$(ipvsadm -Ln 2>&1) || broken "ipvsadm -Ln failed on director: $out"
line=$(printf '%s\n' "$out" | awk -v s="$svc" '$1 == "TCP" && $2 == s')
[ -n "$line" ] || fail "no virtual service on TCP $svc: ipvsadm -A -t $svc -s rr"
case "$line" in
  *persistent*) fail "the service is persistent (-p): one client sticks to one server. ipvsadm -E -t $svc -s rr" ;;
esac
sched=$(printf '%s\n' "$line" | awk '{ print $3 }')
[ "$sched" = rr ] || fail "the scheduler is $sched$([ "$sched" = wlc ] && echo ' (the default when -s is missing)'): ipvsadm -E -t $svc -s rr"
real=$(printf '%s\n' "$out" | awk -v s="$svc" '
  $1 == "TCP" || $1 == "UDP" || $1 == "FWM" { on = ($1 == "TCP" && $2 == s); next }
  on && $1 == "->" { print $2, $3, $4 }')
for rs in rs1 rs2; do
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  entry=$(printf '%s\n' "$real" | awk -v ip="$ip" '{ split($1, a, ":"); if (a[1] == ip) print }')
  [ -n "$entry" ] || fail "$rs ($ip) is not a real server of $svc: ipvsadm -a -t $svc -r $ip:80 -i"
  set -- $entry
  case "$2" in
    Tunnel) ;;
    Route) fail "$rs: Forward is Route (-g, direct routing, and the default of ipvsadm -a): TUN needs -i (Tunnel), so the director wraps each packet in IPIP to $ip. ipvsadm -e -t $svc -r $ip:80 -i" ;;
    Masq) fail "$rs: Forward is Masq (-m, NAT): TUN needs -i (Tunnel). ipvsadm -e -t $svc -r $ip:80 -i" ;;
    *) fail "$rs: Forward is $2; TUN needs -i (Tunnel)" ;;
  esac
  [ "${1##*:}" = 80 ] || fail "$rs is added on port ${1##*:}: in TUN the inner packet is not rewritten, so the real port must be the virtual port 80"
  [ "$3" != 0 ] || fail "$rs has weight 0 (quiesced): ipvsadm -e -t $svc -r $ip:80 -i -w 1"
done
pass "the VIP is on the director; TCP $svc rr with rs1 and rs2 as Tunnel"
