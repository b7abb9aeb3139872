set -eu
# From client (an ordinary host of the LAN): the web site and ping work, the internal app
# (8080) and the admin port (2222) do not.
body=$(http_get "http://$SERVER_IP/" 2>/dev/null) || body=''
case "$body" in
  *'public web site'*) ;;
  *) fail "client cannot load http://$SERVER_IP/: port 80 is for everyone. Accept it on server (iptables -A INPUT -p tcp --dport 80 -j ACCEPT), above anything that drops" ;;
esac
ping -c 1 -W 2 "$SERVER_IP" >/dev/null 2>&1 </dev/null ||
  fail "client cannot ping server: an echo request is a NEW packet, which the ESTABLISHED,RELATED rule does not cover. Accept it: iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT"
open8080=no; open2222=no
nc -z -w 2 "$SERVER_IP" 8080 </dev/null 2>/dev/null && open8080=yes
nc -z -w 2 "$SERVER_IP" 2222 </dev/null 2>/dev/null && open2222=yes
[ "$open8080$open2222" = yesyes ] &&
  fail "client can still connect to server:8080 and server:2222: server's INPUT chain lets everything in (policy ACCEPT and no rule drops them, or an accept-all rule such as -A INPUT -j ACCEPT)"
[ "$open8080" = yes ] &&
  fail "client can still connect to server:8080, the internal app: a rule on server accepts it (one without -p tcp --dport, or -s $LAN_SUBNET -j ACCEPT?); only 80 and ICMP are for everyone"
[ "$open2222" = yes ] &&
  fail "client can connect to server:2222, the admin port, which only admin ($ADMIN_IP) may use: the 2222 rule needs -s $ADMIN_IP"
pass "client gets the web site and ping replies; 8080 and 2222 are closed to it"
