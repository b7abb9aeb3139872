set -eu
# Alertmanager on monitor: critical alerts go to the lab's pager (a webhook on 127.0.0.1:5001),
# everything else to a receiver that sends nothing. Short waits, so that the lab is quick.
cat > /etc/prometheus/alertmanager.yml <<'CONF'
route:
  receiver: nobody
  group_by: [alertname, instance]
  group_wait: 1s          # production: 30s, to gather alerts that come together
  group_interval: 2s      # production: 5m
  repeat_interval: 1h
  routes:
    - matchers: ['severity = "critical"']
      receiver: pager

receivers:
  - name: nobody
  - name: pager
    webhook_configs:
      - url: http://127.0.0.1:5001/
        send_resolved: true
CONF
amtool check-config /etc/prometheus/alertmanager.yml
if pid=$(pidof prometheus-alertmanager); then kill -HUP $pid; else service prometheus-alertmanager start; fi
until curl -sf http://localhost:9093/-/ready >/dev/null; do sleep 0.5; done

# Prometheus sends its alerts to Alertmanager.
cat > /etc/prometheus/prometheus.yml <<'CONF'
global:
  scrape_interval: 2s
  evaluation_interval: 2s

alerting:
  alertmanagers:
    - static_configs:
        - targets: ['localhost:9093']

rule_files:
  - /etc/prometheus/rules/*.yml

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
kill -HUP $(pidof prometheus)
