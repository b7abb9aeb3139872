set -eu
cat /run/statusd.status
kill -HUP "$(cat /run/statusd.pid)"
for _ in $(seq 1 20); do grep -q '^state=reloaded' /run/statusd.status && break; sleep 0.1; done
cat /run/statusd.status
