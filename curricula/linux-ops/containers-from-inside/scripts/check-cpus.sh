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
[ -s "$f" ] || fail_t cpus-no-answer file="$f" src="$src"
a=$(head -n 1 "$f" | tr -d ' \t\r' | tr , .)
if [ "$quota" -lt 0 ]; then
  case "$a" in max|unlimited|none) pass_t cpus-no-quota-ok host="$(hostname)" ;; esac
  fail_t cpus-no-quota src="$src"
fi
want=$(awk -v q="$quota" -v p="$period" 'BEGIN { printf "%g", q / p }')
printf %s "$a" | grep -Eq '^[0-9]*\.?[0-9]+$' || fail_t cpus-not-number file="$f" answer="$a"
close() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.01) }'; }
close "$a" "$want" && pass_t cpus-ok host="$(hostname)" want="$want" quota="$quota" period="$period" src="$src"
close "$a" "$quota" && fail_t cpus-is-quota answer="$a" period="$period"
close "$a" "$(awk -v w="$want" 'BEGIN { print w * 100 }')" && fail_t cpus-is-percent answer="$a"
close "$a" "$(nproc)" && fail_t cpus-is-nproc answer="$a" src="$src"
fail_t cpus-wrong answer="$a" src="$src"
