set -eu
# Who listens on port 80 on lb, and on which addresses (listening, scripts/lib.sh).
listening 80
[ -n "$listeners" ] ||
  fail "nothing listens on port 80 on lb: start nginx (nginx -t && nginx, or service nginx start)"
[ "$owner" = nginx ] ||
  fail "port 80 on lb belongs to ${owner:-an unknown process}, not nginx: this task is nginx's (HAProxy goes on port 8080 in the next task)"
case " $addrs" in
  *" 0.0.0.0:80 "* | *" *:80 "* | *" [::]:80 "* | *" $LB_IP:80 "*) ;;
  *) fail "nginx on lb listens on ${addrs% } only, so the client cannot reach it at $LB_IP:80: use 'listen 80;' (or 'listen $LB_IP:80;')" ;;
esac
if ! out=$(nginx -t 2>&1); then
  fail "nginx runs, but 'nginx -t' fails, so the next reload or restart will fail: $(printf '%s\n' "$out" | grep -m 1 emerg || printf '%s\n' "$out" | head -n 1)"
fi
pass "nginx listens on port 80 on lb (${addrs% }), and nginx -t passes"
