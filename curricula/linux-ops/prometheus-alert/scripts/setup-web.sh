set -eu
# web1 and web2: a page naming this host (nginx on :80) and the node exporter on :9100.
mkdir -p /var/www/backend
printf '<!doctype html>\n<title>%s</title>\n<h1>Hello from %s</h1>\n' "$OPSLAB_HOST" "$OPSLAB_HOST" > /var/www/backend/index.html
web_site backend /var/www/backend
service prometheus-node-exporter start >/dev/null 2>&1 || true
for _ in $(seq 50); do ss -Hltn 'sport = :9100' | grep -q . && exit 0; sleep 0.1; done
echo "the node exporter did not start on port 9100" >&2
exit 1
