set -eu
svc="$VIP:80"
out=$(ipvsadm -Ln 2>&1) || broken "ipvsadm -Ln failed on director: $out"
line=$(printf '%s\n' "$out" | awk -v s="$svc" '$1 == "TCP" && $2 == s')
real=$(printf '%s\n' "$out" | awk -v s="$svc" '
  $1 == "TCP" || $1 == "UDP" || $1 == "FWM" { on = ($1 == "TCP" && $2 == s); next }
  on && $1 == "->" { print $2, $3, $4 }')
[ -n "$line" ] || fail "no virtual service on TCP $svc (the previous task creates it: ipvsadm -A -t $svc -s wrr)"
case "$line" in
  *persistent*) fail "the service is persistent (-p): one client sticks to one server, whatever the weights. ipvsadm -E -t $svc -s wrr" ;;
esac
sched=$(printf '%s\n' "$line" | awk '{ print $3 }')
case "$sched" in
  wrr) ;;
  rr) fail "the scheduler is still rr, which ignores weights: ipvsadm -E -t $svc -s wrr" ;;
  wlc) fail "the scheduler is wlc (ipvsadm -E without -s resets it to wlc): ipvsadm -E -t $svc -s wrr" ;;
  *) fail "the scheduler is $sched; this task asks for weighted round robin: ipvsadm -E -t $svc -s wrr" ;;
esac
field() { printf '%s\n' "$real" | awk -v ip="$1" -v f="$2" '{ split($1, a, ":"); if (a[1] == ip) { print $f; exit } }'; }
w1=$(field "$RS1_IP" 3); w2=$(field "$RS2_IP" 3)
[ -n "$w1" ] || fail "rs1 ($RS1_IP) is not a real server of $svc: ipvsadm -a -t $svc -r $RS1_IP:80 -m -w 3"
[ -n "$w2" ] || fail "rs2 ($RS2_IP) is not a real server of $svc: ipvsadm -a -t $svc -r $RS2_IP:80 -m -w 1"
for rs in rs1 rs2; do
  case "$rs" in rs1) ip=$RS1_IP; w=3 ;; *) ip=$RS2_IP; w=1 ;; esac
  fwd=$(field "$ip" 2)
  [ "$fwd" = Masq ] ||
    fail "$rs is now $fwd, not Masq: ipvsadm -e takes every option afresh, and without -m it falls back to -g (Route). ipvsadm -e -t $svc -r $ip:80 -m -w $w"
done
[ "$w2" != 0 ] || fail "rs2 has weight 0 (quiesced): IPVS sends it no new connections at all. ipvsadm -e -t $svc -r $RS2_IP:80 -m -w 1"
[ "$w1" != 0 ] || fail "rs1 has weight 0 (quiesced): IPVS sends it no new connections at all. ipvsadm -e -t $svc -r $RS1_IP:80 -m -w 3"
[ "$w1" -eq $((3 * w2)) ] ||
  fail "the weights are rs1=$w1 and rs2=$w2; rs1 must get 3 connections for each one of rs2's (ipvsadm -e -t $svc -r $RS1_IP:80 -m -w 3; and -w 1 for rs2)"
pass "TCP $svc wrr: rs1 weight $w1, rs2 weight $w2, Masq"
