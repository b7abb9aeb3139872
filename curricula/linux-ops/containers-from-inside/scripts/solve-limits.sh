set -eu
# The cgroup files of this container: cgroup v2 has one tree (memory.max, pids.max, cpu.max),
# v1 one directory per controller (memory/, pids/, cpu/).
mkdir -p /root/answers
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  cg=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup)
  [ -f "$cg/memory.max" ] || cg=/sys/fs/cgroup
  mem=$(cat "$cg/memory.max"); pids=$(cat "$cg/pids.max")
  read -r quota period < "$cg/cpu.max"
else
  mem=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes); pids=$(cat /sys/fs/cgroup/pids/pids.max)
  quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us); period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
fi
echo $((mem / 1024 / 1024)) > /root/answers/memory-mib
echo "$pids" > /root/answers/pids-max
awk -v q="$quota" -v p="$period" 'BEGIN { printf "%g\n", q / p }' > /root/answers/cpus
head /root/answers/memory-mib /root/answers/pids-max /root/answers/cpus
