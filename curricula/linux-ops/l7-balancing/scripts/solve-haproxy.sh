set -eu
cfg=/etc/haproxy/haproxy.cfg
if ! grep -q '^frontend web_8080' "$cfg"; then
  cat >> "$cfg" <<CONF

frontend web_8080
    bind :8080
    default_backend webs

backend webs
    balance roundrobin
    option httpchk GET /health
    http-check expect status 200
    server web1 $WEB1_IP:80 check inter 2s fall 3 rise 2
    server web2 $WEB2_IP:80 check inter 2s fall 3 rise 2
CONF
fi
haproxy -c -f "$cfg"
# reload, not restart: in the lab hosts `service haproxy restart` cannot stop a running HAProxy
if pidof haproxy >/dev/null; then service haproxy reload; else service haproxy start; fi
