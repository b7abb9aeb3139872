set -eu
# Compares each value of /root/facts.txt with what the kernel says right now, read the same way
# a learner would: /proc, /sys and the cgroup files. Names the first key that is missing or wrong.
[ -f /root/facts.txt ] || fail "/root/facts.txt does not exist yet: write one KEY=VALUE line per fact (kernel_release=..., and so on)"

# want KEY EXPECTED WHERE: the learner's KEY must equal EXPECTED (WHERE says where to read it).
want() {
  fact "$1"
  [ -n "$val" ] || fail "/root/facts.txt has no line $1=...: read it from $3"
  [ "$val" = "$2" ] || fail "$1 is '$val' in /root/facts.txt, but $3 says '$2'"
}

want kernel_release "$(uname -r)" "uname -r (or /proc/sys/kernel/osrelease)"

fact kernel_cmdline
cmdline=$(tr -s ' \t\n' '   ' < /proc/cmdline | sed 's/^ //; s/ $//')
[ -n "$val" ] || fail "/root/facts.txt has no line kernel_cmdline=...: copy the whole of /proc/cmdline"
[ "$(printf '%s' "$val" | tr -s ' \t' '  ')" = "$cmdline" ] ||
  fail "kernel_cmdline is not the whole of /proc/cmdline (got '$(printf '%.60s' "$val")...', it starts '$(printf '%.60s' "$cmdline")...')"

want cpus_machine "$(grep -c '^processor' /proc/cpuinfo)" "/proc/cpuinfo (grep -c ^processor), or nproc --all"

cgroup_limits
fact cpu_limit
[ -n "$val" ] || fail "/root/facts.txt has no line cpu_limit=...: the CPU quota of this container's cgroup, in CPUs (quota / period)"
if [ "$cpu_limit" = max ]; then
  case "$val" in max | none | unlimited) ;; *) fail "cpu_limit is '$val', but this cgroup has no CPU quota: write max" ;; esac
else
  [ "$val" != "$(grep -c '^processor' /proc/cpuinfo)" ] ||
    fail "cpu_limit is '$val', the machine's CPU count: nproc counts the CPUs this host may be scheduled on, not the share of CPU time its cgroup allows (quota / period)"
  awk -v a="$val" -v b="$cpu_limit" 'BEGIN { if (a + 0 != a || (a - b) ^ 2 > 0.0001) exit 1 }' ||
    fail "cpu_limit is '$val', but the cgroup gives this host $cpu_limit CPU (quota / period in cpu.max, or cpu.cfs_quota_us / cpu.cfs_period_us on cgroup v1)"
fi

fact memory_limit_bytes
[ -n "$val" ] || fail "/root/facts.txt has no line memory_limit_bytes=...: the memory limit of this container's cgroup, in bytes"
if [ "$mem_limit" = max ]; then
  case "$val" in max | none | unlimited) ;; *) fail "memory_limit_bytes is '$val', but this cgroup has no memory limit: write max" ;; esac
else
  [ "$val" = "$mem_limit" ] || fail "memory_limit_bytes is '$val', but the cgroup allows $mem_limit bytes (memory.max, or memory/memory.limit_in_bytes on cgroup v1); free and /proc/meminfo show the whole machine"
fi

want memory_machine_kib "$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" "MemTotal in /proc/meminfo (in kB, which is KiB)"
want eth0_mac "$(cat /sys/class/net/eth0/address)" "/sys/class/net/eth0/address"
want eth0_mtu "$(cat /sys/class/net/eth0/mtu)" "/sys/class/net/eth0/mtu"

fact pid1
comm=$(cat /proc/1/comm)
exe=$(readlink /proc/1/exe 2>/dev/null || true)
[ -n "$val" ] || fail "/root/facts.txt has no line pid1=...: the program PID 1 runs (/proc/1/comm, or ps -p 1)"
[ "$val" = "$comm" ] || [ "$val" = "$exe" ] ||
  fail "pid1 is '$val', but PID 1 of this host runs $comm ($exe): look at /proc/1/comm or ps -p 1 -o comm="
pass "every fact in /root/facts.txt matches the live kernel: $(uname -r), $cpu_limit CPU of $(grep -c '^processor' /proc/cpuinfo), $mem_limit bytes, PID 1 is $comm"
