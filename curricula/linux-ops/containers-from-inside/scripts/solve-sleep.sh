set -eu
# In a terminal: nice -n 10 sleep 3600 &  then  echo $! > /root/answers/sleep-pid
# A script must detach it (setsid -f, no open output), or the script's caller waits for it.
mkdir -p /root/answers
nice -n 10 setsid -f sleep 86400 </dev/null >/dev/null 2>&1
pid=''
for _ in $(seq 1 50); do
  pid=$(pgrep -n -x sleep) && [ "$(ps -o ni= -p "$pid" | tr -d ' ')" = 10 ] && break
  sleep 0.1
done
echo "$pid" > /root/answers/sleep-pid
awk '/^PPid:/ { print $2 }' "/proc/$pid/status" > /root/answers/sleep-ppid
ls -l /proc/1/ns "/proc/$pid/ns"
echo none > /root/answers/sleep-ns
head /root/answers/sleep-*
