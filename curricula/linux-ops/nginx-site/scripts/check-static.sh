set -eu
# Only a shop that answers can be judged (shop_reachable, scripts/lib.sh).
shop_reachable
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
code=$(http_get "http://$WEB_IP/static/logo.txt" -H 'Host: shop.lab' -o "$tmp" -w '%{http_code}' 2>/dev/null) ||
  fail_t no-http web_ip="$WEB_IP"
body=$(cat "$tmp")
case "$code" in
  200)
    [ "$body" = SHOP-LOGO ] && pass_t static-ok
    case "$body" in
      *'Sorry, not in stock'*) fail_t static-404-page ;;
    esac
    fail_t static-wrong-content body="$(printf '%s' "$body" | tr -s '\n' ' ' | head -c 80)" ;;
  404)
    fail_t static-404 ;;
  403)
    fail_t static-403 ;;
esac
fail_t static-code code="$code"
