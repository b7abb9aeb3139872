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
    fail "the service is persistent (-p, $(printf '%s\n' "$line" | awk '{ for (i = 1; i < NF; i++) if ($i == "persistent") print $(i + 1) }') s): every connection from one client goes to the server it got first, so one client sticks to one server. Edit it without -p: ipvsadm -E -t $svc -s rr" ;;
esac
sched=$(printf '%s\n' "$line" | awk '{ print $3 }')
case "$sched" in
  rr | wrr) ;; # wrr: the next task's change
  wlc) fail "the scheduler is wlc, which is what ipvsadm -A (and -E) use when -s is missing: ipvsadm -E -t $svc -s rr" ;;
  *) fail "the scheduler is $sched; this task asks for round robin: ipvsadm -E -t $svc -s rr" ;;
esac
[ -n "$real" ] || fail "TCP $svc has no real servers: ipvsadm -a -t $svc -r $RS1_IP:80 -m (and the same for $RS2_IP)"

name_of() { case "$1" in "$RS1_IP") echo rs1 ;; "$RS2_IP") echo rs2 ;; *) echo '' ;; esac; }
while read -r addr fwd weight; do
  [ -n "$(name_of "${addr%:*}")" ] ||
    fail "$addr is a real server of $svc, but it is neither rs1 ($RS1_IP) nor rs2 ($RS2_IP): ipvsadm -d -t $svc -r $addr"
done <<REAL
$real
REAL
not_masq=''
for rs in rs1 rs2; do
  eval "ip=\$$(echo "$rs" | tr a-z A-Z)_IP"
  entry=$(printf '%s\n' "$real" | awk -v ip="$ip" '{ split($1, a, ":"); if (a[1] == ip) print }')
  [ -n "$entry" ] || fail "$rs ($ip) is not a real server of $svc: ipvsadm -a -t $svc -r $ip:80 -m"
  set -- $entry
  [ "${1##*:}" = 80 ] || fail "$rs is added on port ${1##*:}, but nginx on $rs listens on port 80: ipvsadm -d -t $svc -r $1; ipvsadm -a -t $svc -r $ip:80 -m"
  case "$2" in
    Masq) ;;
    Route) not_masq="$not_masq $rs:-g:Route" ;;
    Tunnel) not_masq="$not_masq $rs:-i:Tunnel" ;;
    *) not_masq="$not_masq $rs:?:$2" ;;
  esac
  [ "$3" != 0 ] || fail "$rs has weight 0 (quiesced): IPVS sends it no new connections. ipvsadm -e -t $svc -r $ip:80 -m -w 1"
done
if [ -n "$not_masq" ]; then
  set -- $not_masq
  who=$(for x in "$@"; do printf '%s\n' "${x%%:*}"; done | paste -sd' ' - | sed 's/ / and /')
  flag=$(printf '%s' "$1" | cut -d: -f2); kind=$(printf '%s' "$1" | cut -d: -f3)
  [ "$kind" = Route ] && why='the default when -a or -e has no method flag' || why='IP-in-IP tunnelling'
  fail "$who: Forward is $kind ($flag, $why), but this is a NAT lab: use -m (ipvsadm -e -t $svc -r RIP:80 -m). With $kind the packet reaches the real server still addressed to the VIP, which it does not have"
fi
pass "TCP $svc $sched: rs1 and rs2 on port 80, Masq"
