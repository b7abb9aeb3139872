set -eu
[ -f "$SEED/user-data" ] || fail "$SEED/user-data does not exist"
# What the task asks of user-data, read the way cloud-init reads it (YAML); the first boot's
# checks then prove that it did all of it.
python3 - "$SEED/user-data" <<'PY' || exit 1
import sys, yaml
def fail(msg):
    print("FAIL: " + msg); sys.exit(1)
try:
    d = yaml.safe_load(open(sys.argv[1]))
except yaml.YAMLError as e:
    fail("user-data is not valid YAML: %s" % str(e).replace("\n", " ")[:200])
if not isinstance(d, dict):
    fail("user-data holds no cloud-config mapping")
for k in ("packages", "package_update", "package_upgrade"):
    if d.get(k):
        fail("user-data asks for %s: that needs a package mirror, and this lab has no way out; on a cloud it works (or bake the packages into the image). Remove it." % k)
users = d.get("users") or []
ana = [u for u in users if isinstance(u, dict) and u.get("name") == "ana"]
if not ana:
    fail("users: has no entry with name: ana (note: without '- default' in the list, the image's default user is not created, which is fine)")
ana = ana[0]
keys = ana.get("ssh_authorized_keys") or ana.get("ssh-authorized-keys") or []
if isinstance(keys, str): keys = [keys]
if not any(str(k).startswith(("ssh-ed25519 ", "ssh-rsa ", "ecdsa-")) for k in keys):
    fail("user ana has no ssh_authorized_keys entry with a public key (the line in ops's /root/.ssh/id_ed25519.pub)")
if ana.get("shell") != "/bin/bash":
    fail("user ana's shell is %r, not /bin/bash (without shell:, useradd gives /bin/sh)" % ana.get("shell"))
sudo = ana.get("sudo")
rules = [sudo] if isinstance(sudo, str) else (sudo or [])
if not any("NOPASSWD" in str(r) and "ALL" in str(r) for r in rules if r):
    fail("user ana has no sudo rule without a password (sudo: ALL=(ALL) NOPASSWD:ALL); she has no password to type")
files = {str(f.get("path")): f for f in (d.get("write_files") or []) if isinstance(f, dict)}
for p in ("/etc/motd", "/home/ana/app.env"):
    if p not in files:
        fail("write_files has no entry with path: %s" % p)
env = files["/home/ana/app.env"]
if str(env.get("owner", "root:root")).split(":")[0] != "ana":
    fail("/home/ana/app.env in write_files has owner %r: it must belong to ana (owner: ana:ana)" % env.get("owner", "root:root (the default)"))
if not env.get("defer"):
    fail("/home/ana/app.env belongs to ana, but write_files runs before users are created (cloud_init_modules: write-files, then users-groups): add defer: true, so it is written in the final stage")
for k in ("bootcmd", "runcmd"):
    if not d.get(k):
        fail("user-data has no %s" % k)
PY
pass "user-data has ana (bash, key, sudo), both files (app.env deferred), bootcmd and runcmd, and no packages"
