set -eu
# Task "health", 4th check, on rs2: start nginx again (if this task's check stopped it), then
# lb1's health checks must reach it again within 8 s.
if [ -e /run/opslab-nginx-stopped ]; then
  rm -f /run/opslab-nginx-stopped
  pgrep -x nginx >/dev/null || nginx
fi
pgrep -x nginx >/dev/null || fail_t hc-restore-nginx-down
seen=$(timeout 8 tcpdump -l -n -i eth0 -c 1 "src host $LB1_IP and dst host $RS2_IP and tcp dst port 80 and tcp[tcpflags] & tcp-syn != 0" </dev/null 2>/dev/null || true)
[ -n "$seen" ] || fail_t hc-restore-no-check
pass_t hc-restore-ok
