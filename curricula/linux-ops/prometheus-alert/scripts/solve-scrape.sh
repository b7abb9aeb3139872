set -eu
# Prometheus on monitor: scrape every 2 s the node exporters of lb, web1 and web2 (job node) and
# HAProxy's own exporter on lb (job haproxy). The lab's hosts find each other by name.
cat > /etc/prometheus/prometheus.yml <<'CONF'
global:
  scrape_interval: 2s        # production: 15s to 1m; short here so that alerts fire in seconds
  evaluation_interval: 2s

scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']

  - job_name: node
    static_configs:
      - targets: ['lb:9100', 'web1:9100', 'web2:9100']

  - job_name: haproxy
    static_configs:
      - targets: ['lb:8405']
CONF
promtool check config /etc/prometheus/prometheus.yml
# `service prometheus reload|restart|stop` cannot find the process in these lab hosts (see the
# lesson): a running Prometheus rereads its configuration on SIGHUP.
if pid=$(pidof prometheus); then kill -HUP $pid; else service prometheus start; fi
# ready once it has opened its database and loaded the configuration
until curl -sf http://localhost:9090/-/ready >/dev/null; do sleep 0.5; done
