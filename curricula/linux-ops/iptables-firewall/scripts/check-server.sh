set -eu
# On server: the services are up, INPUT's policy is DROP, and server's own traffic (to
# itself over lo, and the replies to connections it opens) still gets through.
command -v iptables >/dev/null || broken "iptables is missing on server"
for port in 80 8080 2222; do
  ss -Hltn "sport = :$port" | grep -q . ||
    fail_t service-down port="$port"
done

rules=$(iptables -S INPUT 2>&1) || broken "iptables -S INPUT failed: $rules"
policy=$(printf '%s\n' "$rules" | awk '$1 == "-P" && $2 == "INPUT" { print $3 }')
# An unconditional DROP/REJECT rule, and ACCEPT rules after it that can never match.
catchall=$(printf '%s\n' "$rules" | grep '^-A' | awk '
  /^-A INPUT -j (DROP|REJECT)( --reject-with [a-z0-9-]+)?$/ && !n { n = NR; next }
  n && / -j ACCEPT/ { print n; exit }')
if [ -n "$catchall" ]; then
  fail_t catchall-drop-first catchall="$catchall"
fi
if [ "$policy" != DROP ]; then
  # Other ways to the same policy: native nftables, or the legacy iptables backend.
  if nft list ruleset 2>/dev/null | grep -Eq 'hook input .*policy drop'; then policy=DROP
  elif iptables-legacy -S INPUT 2>/dev/null | grep -qx -- '-P INPUT DROP'; then policy=DROP
  fi
fi
if [ "$policy" != DROP ]; then
  if printf '%s\n' "$rules" | grep '^-A' | tail -n 1 | grep -Eq '^-A INPUT -j (DROP|REJECT)'; then
    fail_t policy-accept-last-drop policy="$policy"
  fi
  fail_t policy-still-accept policy="$policy"
fi

# Loopback: server's own programs use its services over 127.0.0.1 (the internal app on
# 8080 is for them). Port 80 would not tell: it is open to everyone anyway.
nc -z -w 2 127.0.0.1 8080 </dev/null 2>/dev/null ||
  fail_t lo-dropped

# Replies to server's own outgoing connections come in through INPUT.
out_policy=$(iptables -S OUTPUT 2>/dev/null | awk '$1 == "-P" { print $3 }')
body=$(http_get "http://$ADMIN_IP/" 2>/dev/null) || body=''
case "$body" in
  *'package mirror'*) ;;
  *)
    [ "$out_policy" = DROP ] &&
      fail_t output-policy-drop
    fail_t replies-dropped admin_ip="$ADMIN_IP" ;;
esac
pass_t server-ok
