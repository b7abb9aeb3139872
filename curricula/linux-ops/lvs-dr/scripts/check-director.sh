set -eu
svc="$VIP:80"
has_addr "$VIP" || fail "the VIP $VIP is not on the director: ip addr add $VIP/32 dev eth0"
out=$(ipvsadm -Ln 2>&1) || broken "ipvsadm -Ln failed on director: $out"
# The service line ("TCP  VIP:80 rr [persistent N]") and its real servers ("addr:port fwd weight").
line=$(printf '%s\n' "$out" | awk -v s="$svc" '$1 == "TCP" && $2 == s')
real=$(printf '%s\n' "$out" | awk -v s="$svc" '
  $1 == "TCP" || $1 == "UDP" || $1 == "FWM" { on = ($1 == "TCP" && $2 == s); next }
  on && $1 == "->" { print $2, $3, $4 }')
if [ -z "$line" ]; then
  others=$(printf '%s\n' "$out" | awk '$1 == "TCP" || $1 == "UDP" || $1 == "FWM" { printf "%s%s %s", sep, $1, $2; sep = ", " }')
  fail "no virtual service on TCP $svc${others:+ (ipvsadm -Ln has $others)}: ipvsadm -A -t $svc -s rr"
fi
case "$line" in
  *persistent*) fail "the service is persistent (-p): every new connection from one client goes to the server it got first, so one client sticks to one server. Edit it without -p: ipvsadm -E -t $svc -s rr" ;;
esac
sched=$(printf '%s\n' "$line" | awk '{ print $3 }')
case "$sched" in
  rr) ;;
  wlc) fail "the scheduler is wlc, what ipvsadm -A (and -E) use when -s is missing: ipvsadm -E -t $svc -s rr" ;;
  *) fail "the scheduler is $sched; this task asks for round robin: ipvsadm -E -t $svc -s rr" ;;
esac
[ -n "$real" ] || fail "TCP $svc has no real servers: ipvsadm -a -t $svc -r $RS1_IP:80 -g (and the same for $RS2_IP)"
while read -r addr _; do
  case "${addr%:*}" in
    "$RS1_IP" | "$RS2_IP") ;;
    *) fail "$addr is a real server of $svc, but it is neither rs1 ($RS1_IP) nor rs2 ($RS2_IP): ipvsadm -d -t $svc -r $addr" ;;
  esac
done <<REAL
$real
REAL
for rs in rs1 rs2; do
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  entry=$(printf '%s\n' "$real" | awk -v ip="$ip" '{ split($1, a, ":"); if (a[1] == ip) print }')
  [ -n "$entry" ] || fail "$rs ($ip) is not a real server of $svc: ipvsadm -a -t $svc -r $ip:80 -g"
  set -- $entry
  case "$2" in
    Route) ;;
    Masq) fail "$rs: Forward is Masq (-m), but DR needs -g (Route). With -m the director rewrites the destination to $ip, and $rs replies from $ip straight to the client, which drops an answer from an address it never called. ipvsadm -e -t $svc -r $ip:80 -g" ;;
    Tunnel) fail "$rs: Forward is Tunnel (-i, IP-in-IP), but this is a DR lab: use -g (Route). ipvsadm -e -t $svc -r $ip:80 -g" ;;
    *) fail "$rs: Forward is $2; DR needs -g (Route): ipvsadm -e -t $svc -r $ip:80 -g" ;;
  esac
  [ "${1##*:}" = 80 ] ||
    fail "$rs is added on port ${1##*:}: in DR the packet is not rewritten, so the real port must equal the virtual port 80"
  [ "$3" != 0 ] || fail "$rs has weight 0 (quiesced): IPVS sends it no new connections. ipvsadm -e -t $svc -r $ip:80 -g -w 1"
done
pass "the VIP is on the director; TCP $svc rr: rs1 and rs2 on port 80, Route"
