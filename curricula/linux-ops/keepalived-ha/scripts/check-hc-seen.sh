set -eu
# Task "health", 1st check, on rs2: lb1's health checks reach rs2 (a new connection from lb1
# to port 80 within 8 s); then nginx on rs2 is stopped, so the next checks can watch
# keepalived react. A later check of this task starts it again.
seen=$(timeout 8 tcpdump -l -n -i eth0 -c 1 "src host $LB1_IP and dst host $RS2_IP and tcp dst port 80 and tcp[tcpflags] & tcp-syn != 0" </dev/null 2>/dev/null || true)
[ -n "$seen" ] ||
  fail_t hc-seen-no-check rs2_ip="$RS2_IP"
# Stop nginx (only this check does it; the marker tells the restoring check).
nginx -s stop 2>/dev/null || pkill -x nginx || true
: > /run/opslab-nginx-stopped
# Safety net: whatever happens to the later checks, nginx is back within 2 minutes.
setsid -f sh -c 'sleep 120; if [ -e /run/opslab-nginx-stopped ]; then rm -f /run/opslab-nginx-stopped; pgrep -x nginx >/dev/null || nginx; fi' </dev/null >/dev/null 2>&1
sleep 0.5
! pgrep -x nginx >/dev/null || broken "nginx did not stop on rs2"
pass_t hc-seen-ok
