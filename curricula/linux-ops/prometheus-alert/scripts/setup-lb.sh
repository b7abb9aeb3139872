set -eu
# lb: HAProxy balances web1 and web2 on :80 (HTTP health checks every second) and publishes its
# own metrics on :8405/metrics (the Prometheus exporter built into HAProxy); the node exporter
# on :9100.
cat > /etc/haproxy/haproxy.cfg <<CONF
# Set up by the lab: no need to change it.
global
    log /dev/log local0
    stats socket /run/haproxy/admin.sock mode 660 level admin
    user haproxy
    group haproxy
    daemon

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s

frontend www
    bind :80
    default_backend web

backend web
    balance roundrobin
    option httpchk GET /
    server web1 $WEB1_IP:80 check inter 1s fall 2 rise 2
    server web2 $WEB2_IP:80 check inter 1s fall 2 rise 2

# HAProxy's own metrics for Prometheus: http://lb:8405/metrics
frontend prometheus
    bind :8405
    http-request use-service prometheus-exporter if { path /metrics }
    no log
CONF
haproxy -c -f /etc/haproxy/haproxy.cfg >/dev/null
service haproxy start >/dev/null 2>&1
service prometheus-node-exporter start >/dev/null 2>&1 || true
for port in 80 8405 9100; do
  ok=no
  for _ in $(seq 50); do ss -Hltn "sport = :$port" | grep -q . && { ok=yes; break; }; sleep 0.1; done
  [ "$ok" = yes ] || { echo "nothing listens on port $port on lb" >&2; exit 1; }
done
