set -eu
# Task "dead-backend", 1st check, on client. The platform has cut web2's link to the LAN: web2
# sends nothing back, not even a refusal. Six requests to nginx on lb:80, each on a new
# connection, must all get web1's page, each within 2.5 s: nginx gives up on web2 after
# proxy_connect_timeout (60 s by default) and then tries the next server.
url="http://$LB_IP/"
n=6 i=0 slowest=0
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  rc=0
  out=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 2.5 -H 'Connection: close' -w '\n@@took %{time_total}\n' "$url" 2>&1) || rc=$?
  case "$rc" in
    0) ;;
    7) fail_t cut-nginx-refused ;;
    28) fail_t cut-nginx-timeout i="$i" n="$n" ;;
    *) fail_t cut-nginx-failed i="$i" n="$n" url="$url" error="$(printf '%s\n' "$out" | grep 'curl:' | head -n 1)" ;;
  esac
  took=$(printf '%s\n' "$out" | sed -n 's/^@@took //p')
  slowest=$(awk -v a="$slowest" -v b="$took" 'BEGIN { print (b > a ? b : a) }')
  body=$(printf '%s\n' "$out" | sed '/^@@took /d' | tr -s '\n' ' ')
  case "$body" in
    *"Hello from web1"*) ;;
    *"Hello from web2"*) broken "web2 answered request $i although the platform cut its link: the drill did not take" ;;
    *"504 Gateway Time"*)
      fail_t cut-nginx-504 i="$i" ;;
    *"502 Bad Gateway"*)
      fail_t cut-nginx-502 i="$i" web1_ip="$WEB1_IP" ;;
    *)
      fail_t cut-nginx-wrong-page i="$i" page="$(printf '%s' "$body" | head -c 100)" ;;
  esac
done
pass_t cut-nginx-ok n="$n" slowest="${slowest}"
