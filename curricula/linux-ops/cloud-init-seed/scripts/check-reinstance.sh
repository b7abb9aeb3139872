set -eu
[ -d /var/lib/cloud/instances ] || fail "cloud-init has not run on web1 yet"
n=$(find /var/lib/cloud/instances -mindepth 1 -maxdepth 1 -type d | wc -l)
iid=$(cat /var/lib/cloud/data/instance-id 2>/dev/null || true)
want=$(seed_meta instance-id)
[ "$n" -ge 2 ] || fail "web1 has been one instance so far ($iid): give meta-data a new instance-id and boot again (rm -rf /run/cloud-init, then the four stages)"
[ "$iid" = "$want" ] || fail "meta-data says instance-id $want, but cloud-init's instance is ${iid:-none}: boot again so that it reads the seed"
setups=$(grep -c . /var/log/instance-setup.log 2>/dev/null || true)
boots=$(grep -c . /var/log/boots.log 2>/dev/null || true)
setups=${setups:-0} boots=${boots:-0}
[ "$setups" -ge 1 ] || fail "/var/log/instance-setup.log is empty: runcmd should add a line once per instance"
# Bounds, not equalities: a command may write more than one line, and an instance started
# afresh with cloud-init clean runs runcmd (and bootcmd) once more.
[ "$setups" -ge "$n" ] || fail "/var/log/instance-setup.log has $setups lines for $n instances: runcmd runs once for each new instance, so each instance should have added its line"
[ "$boots" -ge $((n + 1)) ] || fail "/var/log/boots.log has $boots lines for $n instances: reboot web1 once with the same instance-id (rm -rf /run/cloud-init, then the four stages), to see bootcmd run while runcmd does not (a command in bootcmd runs at every boot)"
pass "web1 has been $n instances (now $iid) and rebooted as one of them: boots.log has $boots lines (bootcmd, every boot), instance-setup.log $setups (runcmd, once per instance)"
