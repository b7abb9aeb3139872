set -eu
# /root/answers/cpus: how many CPUs' worth of time this container may use, quota / period
# of the cpu cgroup (v2: cpu.max "QUOTA PERIOD"; v1: cpu.cfs_quota_us and cpu.cfs_period_us).
f=/root/answers/cpus
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  rel=$(sed -n 's/^0:://p' /proc/self/cgroup)
  src=''
  for d in "/sys/fs/cgroup$rel" /sys/fs/cgroup; do [ -f "$d/cpu.max" ] && { src="$d/cpu.max"; break; }; done
  [ -n "$src" ] || broken "no cpu.max on $(hostname)"
  read -r quota period < "$src"
  [ "$quota" = max ] && quota=-1
else
  src=/sys/fs/cgroup/cpu/cpu.cfs_quota_us
  [ -f "$src" ] || broken "no $src on $(hostname)"
  quota=$(cat "$src")
  period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
  src="$src and cpu.cfs_period_us"
fi
[ -s "$f" ] || fail "there is no $f yet: write how many CPUs this host may use (quota / period of its cpu cgroup: $src) into it"
a=$(head -n 1 "$f" | tr -d ' \t\r' | tr , .)
if [ "$quota" -lt 0 ]; then
  case "$a" in max|unlimited|none) pass "no CPU quota on $(hostname)" ;; esac
  fail "$src sets no quota on this host: write unlimited"
fi
want=$(awk -v q="$quota" -v p="$period" 'BEGIN { printf "%g", q / p }')
printf %s "$a" | grep -Eq '^[0-9]*\.?[0-9]+$' || fail "$f says '$a': write a number such as 1.5 (CPUs: quota / period)"
close() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.01) }'; }
close "$a" "$want" && pass "$(hostname) may use $want CPU(s): a quota of $quota us in every $period us ($src)"
close "$a" "$quota" && fail "$a is the quota alone, in microseconds of CPU time per period: divide it by the period ($period us)"
close "$a" "$(awk -v w="$want" 'BEGIN { print w * 100 }')" && fail "$a is a percentage: write the number of CPUs, $a / 100"
close "$a" "$(nproc)" && fail "$a is what nproc says: every CPU of the machine is visible (and usable) here, but the cpu cgroup limits the time: quota / period in $src"
fail "$a CPUs is not this host's CPU limit: divide the quota by the period ($src)"
