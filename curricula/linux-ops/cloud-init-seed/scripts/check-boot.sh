set -eu
st=/run/cloud-init/status.json
[ -f "$st" ] || fail_t no-status-json st="$st"
# status.json: one entry per stage (init-local, init, modules-config, modules-final), each
# with its start, its end and its errors; and the data source that was found.
# message keys: stage-unfinished stage-errors datasource-none datasource-other
python3 - "$st" <<'PY' || exit 1
import json, sys
import re
# fail_t(KEY, name=value...): check.sh's fail_t, for this Python: the catalog key and its arguments.
def fail_t(key, **args):
    print("FAIL_T: " + key + "".join("\t%s=%s" % (k, re.sub(r"[\t\r\n]", " ", str(v))) for k, v in args.items()))
    sys.exit(1)
v1 = json.load(open(sys.argv[1]))["v1"]
cmd = {"init-local": "cloud-init init --local", "init": "cloud-init init",
       "modules-config": "cloud-init modules --mode=config", "modules-final": "cloud-init modules --mode=final"}
for stage in ("init-local", "init", "modules-config", "modules-final"):
    s = v1.get(stage) or {}
    if not s.get("finished"):
        fail_t("stage-unfinished", stage=stage, cmd=cmd[stage],
               unit={"init-local": "cloud-init-local.service", "init": "cloud-init.service", "modules-config": "cloud-config.service", "modules-final": "cloud-final.service"}[stage])
    if s.get("errors"):
        fail_t("stage-errors", stage=stage, errors="; ".join(str(e) for e in s["errors"])[:300])
ds = str(v1.get("datasource") or "")
if "DataSourceNone" in ds or not ds:
    fail_t("datasource-none")
if "NoCloud" not in ds:
    fail_t("datasource-other", ds=ds[:200])
PY
out=$(cloud-init status --long 2>&1 || true)
printf '%s\n' "$out" | grep -q '^status: done' || fail_t status-not-done status="$(printf '%s' "$out" | tr '\n' ' ' | head -c 200)"
iid=$(cat /var/lib/cloud/data/instance-id 2>/dev/null || true)
want=$(seed_meta instance-id)
[ "$iid" = "$want" ] || {
  [ -n "$iid" ] || fail_t boot-no-instance want="$want"
  fail_t boot-stale-instance iid="$iid" want="$want"
}
pass_t boot-ok iid="$iid"
