# Shared by this exercise's checks (its `prelude`): functions only, nothing runs here.

# shop_reachable: fails unless web answers HTTP with the shop for Host: shop.lab. The shop must
# answer at all before its 404 page or its static files can be judged; the first task's checks
# say what is wrong with it.
shop_reachable() {
  local home
  home=$(http_get "http://$WEB_IP/" -H 'Host: shop.lab' 2>/dev/null) ||
    fail_t no-http web_ip="$WEB_IP"
  case "$home" in
    *'Welcome to the lab shop'*) ;;
    *) fail_t shop-not-reached ;;
  esac
}
