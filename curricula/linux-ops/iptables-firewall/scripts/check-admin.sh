set -eu
# From admin: the admin port (2222) and the web site work; the internal app does not.
banner=$(timeout 4 nc -w 2 "$SERVER_IP" 2222 </dev/null 2>/dev/null) || banner=''
case "$banner" in
  *SSH-2.0*) ;;
  *) fail "admin cannot reach server:2222: did you match -s $ADMIN_IP (admin's address) and -p tcp --dport 2222 in an ACCEPT rule on server, above anything that drops? (iptables -L INPUT -n -v --line-numbers shows which rule the packets hit)" ;;
esac
body=$(http_get "http://$SERVER_IP/" 2>/dev/null) || body=''
case "$body" in
  *'public web site'*) ;;
  *) fail "admin cannot load http://$SERVER_IP/: port 80 is for everyone, admin included" ;;
esac
nc -z -w 2 "$SERVER_IP" 8080 </dev/null 2>/dev/null &&
  fail "admin can connect to server:8080, the internal app: admin gets 2222 and 80, not every port. Either nothing on server drops it (INPUT policy ACCEPT?), or admin's rule opens every port (-s $ADMIN_IP -j ACCEPT, without -p tcp --dport 2222)"
pass "admin reaches 2222 and 80; 8080 is closed to it"
