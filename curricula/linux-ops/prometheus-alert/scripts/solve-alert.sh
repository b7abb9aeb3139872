set -eu
# Two alerting rules: a target that does not answer its scrape (critical), and a web server that
# HAProxy has taken out of its pool (warning). for: 6s, where production uses minutes.
mkdir -p /etc/prometheus/rules
cat > /etc/prometheus/rules/lab.yml <<'RULES'
groups:
  - name: lab
    rules:
      - alert: InstanceDown
        expr: up{job="node"} == 0
        for: 6s
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.instance }} is down"
          description: "Prometheus could not scrape {{ $labels.instance }} (job {{ $labels.job }}) for 6 seconds."

      - alert: PoolServerDown
        expr: haproxy_server_status{proxy="web", state="DOWN"} == 1
        for: 6s
        labels:
          severity: warning
        annotations:
          summary: "HAProxy on {{ $labels.instance }} took {{ $labels.server }} out of backend {{ $labels.proxy }}"
RULES
promtool check rules /etc/prometheus/rules/lab.yml

cat > /etc/prometheus/prometheus.yml <<'CONF'
global:
  scrape_interval: 2s
  evaluation_interval: 2s

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
