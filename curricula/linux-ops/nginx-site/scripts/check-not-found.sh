set -eu
# Only a shop that answers can be judged (shop_reachable, scripts/lib.sh).
shop_reachable
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
url="http://$WEB_IP/no-such-page"
code=$(http_get "$url" -H 'Host: shop.lab' -o "$tmp" -w '%{http_code}' 2>/dev/null) ||
  fail "nothing answers HTTP on web ($WEB_IP port 80): is nginx running there?"
body=$(cat "$tmp")
case "$code" in
  404)
    case "$body" in
      *'Sorry, not in stock'*) pass "a missing page gives 404 and the shop's own 404 page" ;;
      *'<center>nginx'*) fail "a missing page on shop.lab gives 404, but with nginx's built-in page: add error_page 404 /404.html; to the shop's server block, and check that /var/www/shop/404.html exists" ;;
    esac
    fail "a missing page on shop.lab gives 404, but the page does not contain 'Sorry, not in stock' (got: $(printf '%s' "$body" | tr -s '\n' ' ' | head -c 80))" ;;
  200)
    case "$body" in
      *'Sorry, not in stock'*) fail "a missing page on shop.lab shows the 404 page, but with status 200: use error_page 404 /404.html; (without =200)" ;;
      *'Welcome to the lab shop'*) fail "a missing page on shop.lab answers 200 with the index page: try_files ... /index.html sends every missing path there; use try_files \$uri \$uri/ =404;" ;;
      *'Welcome to nginx'*) fail "GET /no-such-page with Host: shop.lab reaches nginx's default site, not the shop (task 'Serve shop.lab as a virtual host')" ;;
    esac
    fail "a missing page on shop.lab answers 200 instead of 404" ;;
esac
fail "a missing page on shop.lab answers $code instead of 404"
