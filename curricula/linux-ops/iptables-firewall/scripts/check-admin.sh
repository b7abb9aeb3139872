set -eu
# From admin: the admin port (2222) and the web site work; the internal app does not.
banner=$(timeout 4 nc -w 2 "$SERVER_IP" 2222 </dev/null 2>/dev/null) || banner=''
case "$banner" in
  *SSH-2.0*) ;;
  *) fail_t admin-no-2222 admin_ip="$ADMIN_IP" ;;
esac
body=$(http_get "http://$SERVER_IP/" 2>/dev/null) || body=''
case "$body" in
  *'public web site'*) ;;
  *) fail_t admin-no-web server_ip="$SERVER_IP" ;;
esac
nc -z -w 2 "$SERVER_IP" 8080 </dev/null 2>/dev/null &&
  fail_t admin-reaches-8080 admin_ip="$ADMIN_IP"
pass_t admin-ok
