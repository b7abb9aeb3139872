set -eu
# monitor: Prometheus and Alertmanager are installed, not running. The lab's "pager" listens on
# 127.0.0.1:5001 and on the LAN: a webhook receiver (socat and a shell script) that appends
# every POST body, one notification per line after its arrival time, to /var/log/pager.log;
# a GET returns that log.
: > /var/log/pager.log
cat > /usr/local/sbin/lab-pager <<'PAGER'
#!/bin/bash
# One HTTP request on stdin, the answer on stdout (socat starts this for every connection).
set -u
IFS=' ' read -r method _ _ || exit 0
len=0
while IFS= read -r line; do
  line=${line%$'\r'}
  [ -z "$line" ] && break
  case "${line,,}" in content-length:*) len=${line#*:}; len=${len// /} ;; esac
done
if [ "$method" = POST ]; then
  body=$(head -c "$len" | tr -d '\n')
  printf '%s %s\n' "$(date +%T)" "$body" >> /var/log/pager.log
  printf 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
else
  size=$(stat -c %s /var/log/pager.log)
  printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' "$size"
  head -c "$size" /var/log/pager.log
fi
PAGER
chmod 755 /usr/local/sbin/lab-pager
setsid socat TCP-LISTEN:5001,reuseaddr,fork EXEC:/usr/local/sbin/lab-pager </dev/null >/dev/null 2>&1 &
for _ in $(seq 50); do ss -Hltn 'sport = :5001' | grep -q . && exit 0; sleep 0.1; done
echo "the pager did not start on port 5001" >&2
exit 1
