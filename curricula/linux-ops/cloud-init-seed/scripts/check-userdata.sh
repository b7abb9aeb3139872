set -eu
[ -f "$SEED/user-data" ] || fail_t no-user-data seed="$SEED"
# What the task asks of user-data, read the way cloud-init reads it (YAML); the first boot's
# checks then prove that it did all of it.
# message keys: userdata-bad-yaml userdata-not-mapping userdata-packages no-user-ana ana-no-key
# message keys: ana-shell ana-no-sudo no-write-file app-env-owner app-env-no-defer userdata-missing
python3 - "$SEED/user-data" <<'PY' || exit 1
import sys, yaml
import re
# fail_t(KEY, name=value...): check.sh's fail_t, for this Python: the catalog key and its arguments.
def fail_t(key, **args):
    print("FAIL_T: " + key + "".join("\t%s=%s" % (k, re.sub(r"[\t\r\n]", " ", str(v))) for k, v in args.items()))
    sys.exit(1)
try:
    d = yaml.safe_load(open(sys.argv[1]))
except yaml.YAMLError as e:
    fail_t("userdata-bad-yaml", error=str(e).replace("\n", " ")[:200])
if not isinstance(d, dict):
    fail_t("userdata-not-mapping")
for k in ("packages", "package_update", "package_upgrade"):
    if d.get(k):
        fail_t("userdata-packages", key=k)
users = d.get("users") or []
ana = [u for u in users if isinstance(u, dict) and u.get("name") == "ana"]
if not ana:
    fail_t("no-user-ana")
ana = ana[0]
keys = ana.get("ssh_authorized_keys") or ana.get("ssh-authorized-keys") or []
if isinstance(keys, str): keys = [keys]
if not any(str(k).startswith(("ssh-ed25519 ", "ssh-rsa ", "ecdsa-")) for k in keys):
    fail_t("ana-no-key")
if ana.get("shell") != "/bin/bash":
    fail_t("ana-shell", shell=repr(ana.get("shell"))[:100])
sudo = ana.get("sudo")
rules = [sudo] if isinstance(sudo, str) else (sudo or [])
if not any("NOPASSWD" in str(r) and "ALL" in str(r) for r in rules if r):
    fail_t("ana-no-sudo")
files = {str(f.get("path")): f for f in (d.get("write_files") or []) if isinstance(f, dict)}
for p in ("/etc/motd", "/home/ana/app.env"):
    if p not in files:
        fail_t("no-write-file", path=p)
env = files["/home/ana/app.env"]
if str(env.get("owner", "root:root")).split(":")[0] != "ana":
    fail_t("app-env-owner", owner=repr(env.get("owner", "root:root (the default)"))[:100])
if not env.get("defer"):
    fail_t("app-env-no-defer")
for k in ("bootcmd", "runcmd"):
    if not d.get(k):
        fail_t("userdata-missing", key=k)
PY
pass_t userdata-ok
