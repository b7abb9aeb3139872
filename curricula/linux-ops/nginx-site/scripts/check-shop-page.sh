set -eu
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
code=$(http_get "http://$WEB_IP/" -H 'Host: shop.lab' -o "$tmp" -w '%{http_code}' 2>/dev/null) ||
  fail "nothing answers HTTP on web ($WEB_IP port 80): is nginx running there (nginx, or service nginx start)?"
body=$(cat "$tmp")
case "$body" in
  *'Welcome to the lab shop'*) ;;
  *'Welcome to nginx'*) fail "Host: shop.lab gets nginx's default page: no loaded server block has server_name shop.lab (linked in sites-enabled? nginx reloaded?)" ;;
  *) fail "Host: shop.lab gets status $code without 'Welcome to the lab shop' (got: $(printf '%s' "$body" | tr -s '\n' ' ' | head -c 80))" ;;
esac
expect_eq "$code" 200 "GET / with Host: shop.lab gives the shop page, but with the wrong status"
pass "GET / with Host: shop.lab gives 200 and the shop page"
