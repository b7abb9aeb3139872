set -eu
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
code=$(http_get "http://$WEB_IP/" -H 'Host: shop.lab' -o "$tmp" -w '%{http_code}' 2>/dev/null) ||
  fail_t no-http-start web_ip="$WEB_IP"
body=$(cat "$tmp")
case "$body" in
  *'Welcome to the lab shop'*) ;;
  *'Welcome to nginx'*) fail_t shop-default-page ;;
  *) fail_t shop-wrong-page code="$code" body="$(printf '%s' "$body" | tr -s '\n' ' ' | head -c 80)" ;;
esac
[ "$code" = 200 ] || fail_t shop-wrong-status code="$code"
pass_t shop-page-ok
