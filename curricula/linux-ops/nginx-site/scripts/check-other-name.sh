set -eu
body=$(http_get "http://$WEB_IP/" -H 'Host: other.lab' 2>/dev/null) ||
  fail_t no-http-start web_ip="$WEB_IP"
case "$body" in
  *'Welcome to the lab shop'*)
    fail_t shop-is-default ;;
esac
pass_t other-name-ok
