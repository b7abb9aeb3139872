set -eu
# On server: the services are up, INPUT's policy is DROP, and server's own traffic (to
# itself over lo, and the replies to connections it opens) still gets through.
command -v iptables >/dev/null || broken "iptables is missing on server"
for port in 80 8080 2222; do
  ss -Hltn "sport = :$port" | grep -q . ||
    fail "nothing listens on port $port of server any more (a lab service was stopped): run lab-services on server to start it again"
done

rules=$(iptables -S INPUT 2>&1) || broken "iptables -S INPUT failed: $rules"
policy=$(printf '%s\n' "$rules" | awk '$1 == "-P" && $2 == "INPUT" { print $3 }')
# An unconditional DROP/REJECT rule, and ACCEPT rules after it that can never match.
catchall=$(printf '%s\n' "$rules" | grep '^-A' | awk '
  /^-A INPUT -j (DROP|REJECT)( --reject-with [a-z0-9-]+)?$/ && !n { n = NR; next }
  n && / -j ACCEPT/ { print n; exit }')
if [ -n "$catchall" ]; then
  fail "rule $catchall of INPUT (iptables -L INPUT -n --line-numbers) drops everything, so the ACCEPT rules after it are never reached: the first matching rule wins. Delete it (iptables -D INPUT $catchall) and let the DROP policy catch what is left"
fi
if [ "$policy" != DROP ]; then
  # Other ways to the same policy: native nftables, or the legacy iptables backend.
  if nft list ruleset 2>/dev/null | grep -Eq 'hook input .*policy drop'; then policy=DROP
  elif iptables-legacy -S INPUT 2>/dev/null | grep -qx -- '-P INPUT DROP'; then policy=DROP
  fi
fi
if [ "$policy" != DROP ]; then
  if printf '%s\n' "$rules" | grep '^-A' | tail -n 1 | grep -Eq '^-A INPUT -j (DROP|REJECT)'; then
    fail "INPUT's policy is $policy and your last rule drops the rest: it works, but the task asks for a default-DROP policy, which holds even when rules are deleted or added after it. iptables -P INPUT DROP, then delete that last rule"
  fi
  fail "INPUT's policy is still $policy: whatever no rule drops gets in. Add your ACCEPT rules first, then iptables -P INPUT DROP"
fi

# Loopback: server's own programs use its services over 127.0.0.1 (the internal app on
# 8080 is for them). Port 80 would not tell: it is open to everyone anyway.
nc -z -w 2 127.0.0.1 8080 </dev/null 2>/dev/null ||
  fail "server cannot reach its own internal app at 127.0.0.1:8080: with policy DROP, traffic on lo is dropped too. Accept it first: iptables -I INPUT 1 -i lo -j ACCEPT"

# Replies to server's own outgoing connections come in through INPUT.
out_policy=$(iptables -S OUTPUT 2>/dev/null | awk '$1 == "-P" { print $3 }')
body=$(http_get "http://$ADMIN_IP/" 2>/dev/null) || body=''
case "$body" in
  *'package mirror'*) ;;
  *)
    [ "$out_policy" = DROP ] &&
      fail "server cannot download from admin, and OUTPUT's policy is DROP: this task filters INPUT only. iptables -P OUTPUT ACCEPT"
    fail "server cannot download from admin (curl http://$ADMIN_IP/ gets no answer): its request leaves through OUTPUT, but admin's reply comes back through INPUT, where the policy drops it. Accept replies: iptables -I INPUT 2 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT" ;;
esac
pass "INPUT's policy is DROP; server reaches 127.0.0.1:8080 and downloads from admin"
