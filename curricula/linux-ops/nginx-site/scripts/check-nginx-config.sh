set -eu
command -v nginx >/dev/null || broken "nginx is not installed on web"
if ! out=$(nginx -t 2>&1); then
  why=$(printf '%s\n' "$out" | grep -m 1 -E '\[(emerg|alert|crit|error)\]' | sed -E 's/^.*\[(emerg|alert|crit|error)\] ([0-9]+#[0-9]+: )?//')
  fail "nginx -t fails on web: ${why:-$(printf '%s\n' "$out" | tail -n 1)}"
fi
# Every name in a server_name directive of the configuration nginx really loads (nginx -T
# prints it, with every included file).
names=$(nginx -T 2>/dev/null | awk '$1 == "server_name" { for (i = 2; i <= NF; i++) { n = $i; sub(/;.*/, "", n); if (n != "") print n } }')
if ! printf '%s\n' "$names" | grep -qx 'shop\.lab'; then
  avail=$(grep -rlsw 'shop\.lab' /etc/nginx/sites-available /etc/nginx/conf.d 2>/dev/null | head -n 1)
  [ -n "$avail" ] && case "$avail" in
    /etc/nginx/sites-available/*)
      fail "$avail names shop.lab, but nginx does not load it: files in sites-available/ are used only when linked from sites-enabled/ (ln -s $avail /etc/nginx/sites-enabled/)" ;;
  esac
  fail "no server block in the configuration nginx loads has server_name shop.lab (nginx -T | grep server_name)"
fi
pgrep -x nginx >/dev/null || fail "the configuration is fine, but nginx is not running on web: start it (nginx, or service nginx start)"

# The running nginx, not just the files: does it already know shop.lab?
[ -f /var/www/shop/index.html ] || fail "/var/www/shop/index.html does not exist"
grep -q 'Welcome to the lab shop' /var/www/shop/index.html ||
  fail "/var/www/shop/index.html does not contain 'Welcome to the lab shop'"
body=$(http_get -H 'Host: shop.lab' "http://$WEB_IP/" 2>&1) ||
  fail "nginx runs, but nothing answers on $WEB_IP port 80: does the shop's server block listen on port 80 (listen 80;)?"
case "$body" in
  *'Welcome to the lab shop'*) ;;
  *) fail "the files name shop.lab, but the running nginx does not serve the shop for it: reload it after changing the config (nginx -s reload), and check that root is /var/www/shop" ;;
esac
pass "nginx -t passes and the running nginx serves shop.lab"
