set -eu
# Every fact read from the kernel's own files. cgroup v2 has cpu.max and memory.max at the top
# of /sys/fs/cgroup; cgroup v1 has one folder per controller.
if [ -r /sys/fs/cgroup/cpu.max ]; then
  read -r quota period < /sys/fs/cgroup/cpu.max
  mem=$(cat /sys/fs/cgroup/memory.max)
else
  quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)
  period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
  mem=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)
fi
{
  echo "kernel_release=$(uname -r)"
  echo "kernel_cmdline=$(cat /proc/cmdline)"
  echo "cpus_machine=$(nproc --all)"
  echo "cpu_limit=$(awk -v q="$quota" -v p="$period" 'BEGIN { print q / p }')"
  echo "memory_limit_bytes=$mem"
  echo "memory_machine_kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
  echo "eth0_mac=$(cat /sys/class/net/eth0/address)"
  echo "eth0_mtu=$(cat /sys/class/net/eth0/mtu)"
  echo "pid1=$(cat /proc/1/comm)"
} > /root/facts.txt
cat /root/facts.txt
