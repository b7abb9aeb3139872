set -eu
# Who listens on port 80 on lb, and on which addresses (listening, scripts/lib.sh).
listening 80
[ -n "$listeners" ] ||
  fail_t nginx-not-listening
if [ "$owner" != nginx ]; then
  [ -n "$owner" ] || fail_t nginx-port-unknown-owner
  fail_t nginx-port-other-owner owner="$owner"
fi
case " $addrs" in
  *" 0.0.0.0:80 "* | *" *:80 "* | *" [::]:80 "* | *" $LB_IP:80 "*) ;;
  *) fail_t nginx-listen-address addrs="${addrs% }" lb_ip="$LB_IP" ;;
esac
if ! out=$(nginx -t 2>&1); then
  fail_t nginx-config-broken error="$(printf '%s\n' "$out" | grep -m 1 emerg || printf '%s\n' "$out" | head -n 1)"
fi
pass_t nginx-listens-ok addrs="${addrs% }"
