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
    7) fail "lb refuses connections on port 80: is nginx running on lb? (nginx -t && nginx)" ;;
    28) fail "request $i of $n to lb:80 got no answer within 2.5 s. With web2's cable out nothing comes back from web2, not even a refusal, so nginx waits for its connection to web2 until proxy_connect_timeout (60 s by default), or until lb's kernel gives up on web2's MAC address, half a minute later. Set proxy_connect_timeout 1s where nginx proxies (next to proxy_pass), then nginx -t && nginx -s reload: nginx then gives up on web2 after a second and tries web1" ;;
    *) fail "request $i of $n to $url failed: $(printf '%s\n' "$out" | grep 'curl:' | head -n 1)" ;;
  esac
  took=$(printf '%s\n' "$out" | sed -n 's/^@@took //p')
  slowest=$(awk -v a="$slowest" -v b="$took" 'BEGIN { print (b > a ? b : a) }')
  body=$(printf '%s\n' "$out" | sed '/^@@took /d' | tr -s '\n' ' ')
  case "$body" in
    *"Hello from web1"*) ;;
    *"Hello from web2"*) broken "web2 answered request $i although the platform cut its link: the drill did not take" ;;
    *"504 Gateway Time"*)
      fail "request $i got 504 Gateway Time-out: nginx gave up on web2 but did not try web1. proxy_next_upstream off, or proxy_next_upstream_tries 1? The default (error timeout) retries on the next server" ;;
    *"502 Bad Gateway"*)
      fail "request $i got 502 Bad Gateway: nginx found no server it could connect to. Is web1 ($WEB1_IP:80) in the upstream? (/var/log/nginx/error.log on lb)" ;;
    *)
      fail "request $i to lb:80 did not get web1's page (got: $(printf '%s' "$body" | head -c 100))" ;;
  esac
done
pass "with web2's cable out, nginx on lb answered $n of $n new connections with web1's page; the slowest took ${slowest} s"
