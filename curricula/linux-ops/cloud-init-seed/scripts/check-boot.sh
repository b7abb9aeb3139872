set -eu
st=/run/cloud-init/status.json
[ -f "$st" ] || fail "cloud-init has not run since web1's last boot (no $st): run its four stages (cloud-init init --local, cloud-init init, cloud-init modules --mode=config, cloud-init modules --mode=final)"
# status.json: one entry per stage (init-local, init, modules-config, modules-final), each
# with its start, its end and its errors; and the data source that was found.
python3 - "$st" <<'PY' || exit 1
import json, sys
def fail(msg):
    print("FAIL: " + msg); sys.exit(1)
v1 = json.load(open(sys.argv[1]))["v1"]
cmd = {"init-local": "cloud-init init --local", "init": "cloud-init init",
       "modules-config": "cloud-init modules --mode=config", "modules-final": "cloud-init modules --mode=final"}
for stage in ("init-local", "init", "modules-config", "modules-final"):
    s = v1.get(stage) or {}
    if not s.get("finished"):
        fail("the %s stage has not run to its end in this boot: %s (systemd would run it as %s)" % (stage, cmd[stage],
             {"init-local": "cloud-init-local.service", "init": "cloud-init.service", "modules-config": "cloud-config.service", "modules-final": "cloud-final.service"}[stage]))
    if s.get("errors"):
        fail("the %s stage had errors: %s" % (stage, "; ".join(str(e) for e in s["errors"])[:300]))
ds = str(v1.get("datasource") or "")
if "DataSourceNone" in ds or not ds:
    fail("cloud-init found no seed and ran with DataSourceNone (an empty configuration): is the seed in /var/lib/cloud/seed/nocloud? Fix it, then cloud-init clean and boot again")
if "NoCloud" not in ds:
    fail("cloud-init used the data source %s, not the NoCloud seed" % ds)
PY
out=$(cloud-init status --long 2>&1 || true)
printf '%s\n' "$out" | grep -q '^status: done' || fail "cloud-init status says: $(printf '%s' "$out" | tr '\n' ' ' | head -c 200)"
iid=$(cat /var/lib/cloud/data/instance-id 2>/dev/null || true)
want=$(seed_meta instance-id)
[ "$iid" = "$want" ] || fail "cloud-init's current instance is '${iid:-none}', but meta-data says '$want': boot again (the stages) so that it reads the seed"
pass "all four stages ran without errors from the NoCloud seed, instance $iid: cloud-init status says done"
