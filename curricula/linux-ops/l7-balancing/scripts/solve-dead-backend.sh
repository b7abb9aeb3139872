set -eu
# nginx waits up to proxy_connect_timeout (60 s) for a connection to a server that sends nothing
# back; on a LAN 1 s is plenty. nginx then tries the next server (proxy_next_upstream error
# timeout, the default) and, after max_fails (1) failure, leaves web2 out for fail_timeout (10 s).
# HAProxy needs nothing: its health check (haproxy-health) finds web2 dead by itself.
conf=$(grep -l 'proxy_pass' /etc/nginx/sites-enabled/* 2>/dev/null | head -n 1)
[ -n "$conf" ] || { echo "no site with proxy_pass in /etc/nginx/sites-enabled (task nginx-upstream)" >&2; exit 1; }
conf=$(readlink -f "$conf")
grep -q 'proxy_connect_timeout' "$conf" ||
  sed -i 's/^\( *\)\(proxy_pass .*\)$/\1\2\n\1proxy_connect_timeout 1s;/' "$conf"
nginx -t
nginx -s reload
grep -n -E 'server |proxy_pass|proxy_connect_timeout' "$conf"
