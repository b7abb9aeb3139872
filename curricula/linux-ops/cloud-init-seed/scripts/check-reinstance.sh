set -eu
[ -d /var/lib/cloud/instances ] || fail_t never-ran
n=$(find /var/lib/cloud/instances -mindepth 1 -maxdepth 1 -type d | wc -l)
iid=$(cat /var/lib/cloud/data/instance-id 2>/dev/null || true)
want=$(seed_meta instance-id)
[ "$n" -ge 2 ] || fail_t one-instance iid="$iid"
[ "$iid" = "$want" ] || {
  [ -n "$iid" ] || fail_t reinstance-no-instance want="$want"
  fail_t reinstance-stale want="$want" iid="$iid"
}
setups=$(grep -c . /var/log/instance-setup.log 2>/dev/null || true)
boots=$(grep -c . /var/log/boots.log 2>/dev/null || true)
setups=${setups:-0} boots=${boots:-0}
[ "$setups" -ge 1 ] || fail_t setup-log-empty-per-instance
# Bounds, not equalities: a command may write more than one line, and an instance started
# afresh with cloud-init clean runs runcmd (and bootcmd) once more.
[ "$setups" -ge "$n" ] || fail_t setup-log-short setups="$setups" n="$n"
[ "$boots" -ge $((n + 1)) ] || fail_t boots-log-short boots="$boots" n="$n"
pass_t reinstance-ok n="$n" iid="$iid" boots="$boots" setups="$setups"
