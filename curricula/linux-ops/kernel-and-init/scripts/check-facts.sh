set -eu
# Compares each value of /root/facts.txt with what the kernel says right now, read the same way
# a learner would: /proc, /sys and the cgroup files. Names the first key that is missing or wrong.
[ -f /root/facts.txt ] || fail_t no-facts-file

# want KEY EXPECTED: reads the learner's KEY into $val and $exp holds EXPECTED; returns 1 when
# KEY is absent and 2 when it differs, so that the caller names the message that says where to
# read that fact (each fact has its own pair of keys in messages.yaml).
want() {
  fact "$1"
  exp=$2
  [ -n "$val" ] || return 1
  [ "$val" = "$exp" ] || return 2
}

want kernel_release "$(uname -r)" && rc=0 || rc=$?
[ "$rc" -ne 1 ] || fail_t missing-kernel-release
[ "$rc" -ne 2 ] || fail_t wrong-kernel-release val="$val" expected="$exp"

fact kernel_cmdline
cmdline=$(tr -s ' \t\n' '   ' < /proc/cmdline | sed 's/^ //; s/ $//')
[ -n "$val" ] || fail_t missing-kernel-cmdline
[ "$(printf '%s' "$val" | tr -s ' \t' '  ')" = "$cmdline" ] ||
  fail_t wrong-kernel-cmdline got="$(printf '%.60s' "$val")" starts="$(printf '%.60s' "$cmdline")"

want cpus_machine "$(grep -c '^processor' /proc/cpuinfo)" && rc=0 || rc=$?
[ "$rc" -ne 1 ] || fail_t missing-cpus-machine
[ "$rc" -ne 2 ] || fail_t wrong-cpus-machine val="$val" expected="$exp"

cgroup_limits
fact cpu_limit
[ -n "$val" ] || fail_t missing-cpu-limit
if [ "$cpu_limit" = max ]; then
  case "$val" in max | none | unlimited) ;; *) fail_t cpu-limit-not-max val="$val" ;; esac
else
  [ "$val" != "$(grep -c '^processor' /proc/cpuinfo)" ] ||
    fail_t cpu-limit-is-nproc val="$val"
  awk -v a="$val" -v b="$cpu_limit" 'BEGIN { if (a + 0 != a || (a - b) ^ 2 > 0.0001) exit 1 }' ||
    fail_t wrong-cpu-limit val="$val" cpu_limit="$cpu_limit"
fi

fact memory_limit_bytes
[ -n "$val" ] || fail_t missing-memory-limit
if [ "$mem_limit" = max ]; then
  case "$val" in max | none | unlimited) ;; *) fail_t memory-limit-not-max val="$val" ;; esac
else
  [ "$val" = "$mem_limit" ] || fail_t wrong-memory-limit val="$val" mem_limit="$mem_limit"
fi

want memory_machine_kib "$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" && rc=0 || rc=$?
[ "$rc" -ne 1 ] || fail_t missing-memory-machine
[ "$rc" -ne 2 ] || fail_t wrong-memory-machine val="$val" expected="$exp"
want eth0_mac "$(cat /sys/class/net/eth0/address)" && rc=0 || rc=$?
[ "$rc" -ne 1 ] || fail_t missing-eth0-mac
[ "$rc" -ne 2 ] || fail_t wrong-eth0-mac val="$val" expected="$exp"
want eth0_mtu "$(cat /sys/class/net/eth0/mtu)" && rc=0 || rc=$?
[ "$rc" -ne 1 ] || fail_t missing-eth0-mtu
[ "$rc" -ne 2 ] || fail_t wrong-eth0-mtu val="$val" expected="$exp"

fact pid1
comm=$(cat /proc/1/comm)
exe=$(readlink /proc/1/exe 2>/dev/null || true)
[ -n "$val" ] || fail_t missing-pid1
[ "$val" = "$comm" ] || [ "$val" = "$exe" ] ||
  fail_t wrong-pid1 val="$val" comm="$comm" exe="$exe"
pass_t facts-ok release="$(uname -r)" cpu_limit="$cpu_limit" cpus="$(grep -c '^processor' /proc/cpuinfo)" mem_limit="$mem_limit" comm="$comm"
