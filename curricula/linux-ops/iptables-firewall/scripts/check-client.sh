set -eu
# From client (an ordinary host of the LAN): the web site and ping work, the internal app
# (8080) and the admin port (2222) do not.
body=$(http_get "http://$SERVER_IP/" 2>/dev/null) || body=''
case "$body" in
  *'public web site'*) ;;
  *) fail_t client-no-web server_ip="$SERVER_IP" ;;
esac
ping -c 1 -W 2 "$SERVER_IP" >/dev/null 2>&1 </dev/null ||
  fail_t client-no-ping
open8080=no; open2222=no
nc -z -w 2 "$SERVER_IP" 8080 </dev/null 2>/dev/null && open8080=yes
nc -z -w 2 "$SERVER_IP" 2222 </dev/null 2>/dev/null && open2222=yes
[ "$open8080$open2222" = yesyes ] &&
  fail_t client-reaches-all
[ "$open8080" = yes ] &&
  fail_t client-reaches-8080 lan_subnet="$LAN_SUBNET"
[ "$open2222" = yes ] &&
  fail_t client-reaches-2222 admin_ip="$ADMIN_IP"
pass_t client-ok
