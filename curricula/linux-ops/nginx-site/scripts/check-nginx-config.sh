set -eu
command -v nginx >/dev/null || broken "nginx is not installed on web"
if ! out=$(nginx -t 2>&1); then
  why=$(printf '%s\n' "$out" | grep -m 1 -E '\[(emerg|alert|crit|error)\]' | sed -E 's/^.*\[(emerg|alert|crit|error)\] ([0-9]+#[0-9]+: )?//')
  fail_t nginx-t-fails why="${why:-$(printf '%s\n' "$out" | tail -n 1)}"
fi
# Every name in a server_name directive of the configuration nginx really loads (nginx -T
# prints it, with every included file).
names=$(nginx -T 2>/dev/null | awk '$1 == "server_name" { for (i = 2; i <= NF; i++) { n = $i; sub(/;.*/, "", n); if (n != "") print n } }')
if ! printf '%s\n' "$names" | grep -qx 'shop\.lab'; then
  avail=$(grep -rlsw 'shop\.lab' /etc/nginx/sites-available /etc/nginx/conf.d 2>/dev/null | head -n 1)
  [ -n "$avail" ] && case "$avail" in
    /etc/nginx/sites-available/*)
      fail_t site-not-enabled avail="$avail" ;;
  esac
  fail_t no-server-name
fi
pgrep -x nginx >/dev/null || fail_t nginx-not-running

# The running nginx, not just the files: does it already know shop.lab?
[ -f /var/www/shop/index.html ] || fail_t index-missing
grep -q 'Welcome to the lab shop' /var/www/shop/index.html ||
  fail_t index-wrong
body=$(http_get -H 'Host: shop.lab' "http://$WEB_IP/" 2>&1) ||
  fail_t nginx-not-on-80 web_ip="$WEB_IP"
case "$body" in
  *'Welcome to the lab shop'*) ;;
  *) fail_t nginx-not-reloaded ;;
esac
pass_t nginx-config-ok
