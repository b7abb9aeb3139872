set -eu
body=$(http_get "http://$WEB_IP/" -H 'Host: other.lab' 2>/dev/null) ||
  fail "nothing answers HTTP on web ($WEB_IP port 80): is nginx running there (nginx, or service nginx start)?"
case "$body" in
  *'Welcome to the lab shop'*)
    fail "a request for Host: other.lab also gets the shop page: the shop's server block is the default server for port 80 (it has default_server, or it is the only server left). Keep the default site enabled (sites-enabled/default), so only shop.lab gets the shop" ;;
esac
pass "Host: other.lab does not get the shop page"
