set -eu
# Only a shop that answers can be judged (shop_reachable, scripts/lib.sh).
shop_reachable
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
code=$(http_get "http://$WEB_IP/static/logo.txt" -H 'Host: shop.lab' -o "$tmp" -w '%{http_code}' 2>/dev/null) ||
  fail "nothing answers HTTP on web ($WEB_IP port 80): is nginx running there?"
body=$(cat "$tmp")
case "$code" in
  200)
    [ "$body" = SHOP-LOGO ] && pass "GET /static/logo.txt on shop.lab gives /srv/shop-static/logo.txt"
    case "$body" in
      *'Sorry, not in stock'*) fail "GET /static/logo.txt on shop.lab gives the shop's 404 page (with status 200, from error_page 404 =200): nginx did not find the file. Use alias /srv/shop-static/; in location /static/, with the trailing slashes matched" ;;
    esac
    fail "GET /static/logo.txt on shop.lab gives 200, but not the content of /srv/shop-static/logo.txt (got: $(printf '%s' "$body" | tr -s '\n' ' ' | head -c 80)): a try_files fallback, or the wrong directory?" ;;
  404)
    fail "GET /static/logo.txt on shop.lab gives 404: nginx did not find the file where it looked. With root /srv/shop-static; it looks for /srv/shop-static/static/logo.txt (root appends the whole URI); use alias /srv/shop-static/; in location /static/ (alias replaces the prefix; alias /srv/shop-static without the slash gives /srv/shop-staticlogo.txt). web's /var/log/nginx/error.log names the path it tried" ;;
  403)
    fail "GET /static/logo.txt on shop.lab gives 403: nginx (user www-data) may not read the file or a directory on its path, or the location points at a directory without an index" ;;
esac
fail "GET /static/logo.txt on shop.lab gives $code instead of 200"
