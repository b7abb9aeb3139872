set -eu
# Only a shop that answers can be judged (shop_reachable, scripts/lib.sh).
shop_reachable
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
url="http://$WEB_IP/no-such-page"
code=$(http_get "$url" -H 'Host: shop.lab' -o "$tmp" -w '%{http_code}' 2>/dev/null) ||
  fail_t no-http web_ip="$WEB_IP"
body=$(cat "$tmp")
case "$code" in
  404)
    case "$body" in
      *'Sorry, not in stock'*) pass_t not-found-ok ;;
      *'<center>nginx'*) fail_t not-found-builtin-page ;;
    esac
    fail_t not-found-wrong-page body="$(printf '%s' "$body" | tr -s '\n' ' ' | head -c 80)" ;;
  200)
    case "$body" in
      *'Sorry, not in stock'*) fail_t not-found-status-200 ;;
      *'Welcome to the lab shop'*) fail_t not-found-index ;;
      *'Welcome to nginx'*) fail_t not-found-default-site ;;
    esac
    fail_t not-found-200 ;;
esac
fail_t not-found-code code="$code"
