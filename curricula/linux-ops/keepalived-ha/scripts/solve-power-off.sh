set -eu
# Nothing to configure for the drill: tasks 1-3 built the pair, and lb2 takes over by itself.
# After the drill the platform powers lb1 on as a fresh machine, keepalived not running: start
# it again, and lb1 (priority 150) takes the VIP back from lb2.
if pgrep -x keepalived >/dev/null; then
  echo "keepalived runs on lb1"
else
  keepalived -t
  setsid -f keepalived -n -l -D </dev/null >>/var/log/keepalived.log 2>&1
  sleep 5
fi
ip -br addr show dev eth0
