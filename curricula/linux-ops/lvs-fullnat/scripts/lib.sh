# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# dev_of IP: the local interface that holds IP (nothing when none does).
dev_of() {
  ip -o -4 addr show | awk -v ip="$1" '{ split($4, a, "/"); if (a[1] == ip) { print $2; exit } }'
}

# ipvs_service: checks that the director holds TCP $VIP:80 in IPVS with rs1 and rs2 on port 80,
# weight > 0, forwarded with Masq; fails naming the first thing that is not so. Sets $sched.
ipvs_service() {
  svc="$VIP:80"
  _out=$(ipvsadm -Ln 2>&1) || broken "ipvsadm -Ln failed on director: $_out"
  _line=$(printf '%s\n' "$_out" | awk -v s="$svc" '$1 == "TCP" && $2 == s')
  _real=$(printf '%s\n' "$_out" | awk -v s="$svc" '
    $1 == "TCP" || $1 == "UDP" || $1 == "FWM" { on = ($1 == "TCP" && $2 == s); next }
    on && $1 == "->" { print $2, $3, $4 }')
  [ -n "$_line" ] || fail "no virtual service on TCP $svc in ipvsadm -Ln: ipvsadm -A -t $svc -s rr"
  case "$_line" in
    *persistent*) fail "the service is persistent (-p): one client sticks to one real server. ipvsadm -E -t $svc -s rr" ;;
  esac
  sched=$(printf '%s\n' "$_line" | awk '{ print $3 }')
  case "$sched" in
    rr | wrr) ;;
    wlc) fail "the scheduler is wlc, what ipvsadm -A and -E pick when -s is missing: ipvsadm -E -t $svc -s rr" ;;
    *) fail "the scheduler is $sched; this lab counts turns, so use round robin: ipvsadm -E -t $svc -s rr" ;;
  esac
  [ -n "$_real" ] || fail "TCP $svc has no real servers: ipvsadm -a -t $svc -r $RS1_IP:80 -m (and the same for $RS2_IP)"
  for _rs in rs1 rs2; do
    case "$_rs" in rs1) _ip=$RS1_IP ;; *) _ip=$RS2_IP ;; esac
    _entry=$(printf '%s\n' "$_real" | awk -v ip="$_ip" '{ split($1, a, ":"); if (a[1] == ip) print }')
    [ -n "$_entry" ] || fail "$_rs ($_ip) is not a real server of $svc: ipvsadm -a -t $svc -r $_ip:80 -m"
    set -- $_entry
    [ "${1##*:}" = 80 ] ||
      fail "$_rs is added on port ${1##*:}, but nginx on $_rs listens on 80: ipvsadm -d -t $svc -r $1; ipvsadm -a -t $svc -r $_ip:80 -m"
    [ "$3" != 0 ] || fail "$_rs has weight 0 (quiescent: no new connections): ipvsadm -e -t $svc -r $_ip:80 -m -w 1"
    case "$2" in
      Masq) ;;
      Route) fail "$_rs is forwarded with Route (-g, direct routing), what -a and -e pick without -m: the packet would reach $_rs still addressed to the VIP, which it does not hold. Full NAT is built on NAT: ipvsadm -e -t $svc -r $_ip:80 -m" ;;
      *) fail "$_rs is forwarded with $2, not Masq: full NAT is built on NAT (ipvsadm -e -t $svc -r $_ip:80 -m)" ;;
    esac
  done
}
