set -eu
svc="$VIP:80"
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
  *persistent*)
    secs=$(printf '%s\n' "$line" | awk '{ for (i = 1; i < NF; i++) if ($i == "persistent") print $(i + 1) }')
    fail "the service is persistent (-p, $secs s): every new connection from one client goes to the server that client got first, so one client sticks to one server. Edit it without -p: ipvsadm -E -t $svc -s rr" ;;
esac
sched=$(printf '%s\n' "$line" | awk '{ print $3 }')
case "$sched" in
  rr | wrr) ;; # wrr: the next task's change
  wlc) fail "the scheduler is wlc, what ipvsadm -A (and -E) use when -s is missing: ipvsadm -E -t $svc -s rr" ;;
  *) fail "the scheduler is $sched; this task asks for round robin: ipvsadm -E -t $svc -s rr" ;;
esac
[ -n "$real" ] || fail "TCP $svc has no real servers: ipvsadm -a -t $svc -r $RS1_IP:80 -m (and the same for $RS2_IP)"

while read -r addr _; do
  case "${addr%:*}" in
    "$RS1_IP" | "$RS2_IP") ;;
    *) fail "$addr is a real server of $svc, but it is neither rs1 ($RS1_IP) nor rs2 ($RS2_IP): ipvsadm -d -t $svc -r $addr" ;;
  esac
done <<REAL
$real
REAL

bad='' kind=''
for rs in rs1 rs2; do
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  entry=$(printf '%s\n' "$real" | awk -v ip="$ip" '{ split($1, a, ":"); if (a[1] == ip) print }')
  [ -n "$entry" ] || fail "$rs ($ip) is not a real server of $svc: ipvsadm -a -t $svc -r $ip:80 -m"
  set -- $entry
  [ "${1##*:}" = 80 ] ||
    fail "$rs is added on port ${1##*:}, but nginx on $rs listens on port 80: ipvsadm -d -t $svc -r $1; ipvsadm -a -t $svc -r $ip:80 -m"
  [ "$3" != 0 ] ||
    fail "$rs has weight 0 (quiesced): IPVS sends it no new connections. ipvsadm -e -t $svc -r $ip:80 -m -w 1"
  if [ "$2" != Masq ]; then
    bad="$bad${bad:+ and }$rs"
    kind=$2
  fi
done
if [ -n "$bad" ]; then
  case "$kind" in
    Route) how='-g (Forward: Route), which is what -a and -e pick when given no -m, -g or -i' ;;
    Tunnel) how='-i (Forward: Tunnel)' ;;
    *) how="a method other than -m (Forward: $kind)" ;;
  esac
  case "$bad" in *and*) verb=were ;; *) verb=was ;; esac
  fail "$bad $verb added with $how. This is a NAT lab: use -m (ipvsadm -e -t $svc -r RIP:80 -m). Without -m the packet reaches the real server still addressed to the VIP, which it does not have"
fi
pass "TCP $svc $sched: rs1 and rs2 on port 80, Masq"
