set -eu
[ -d /var/lib/cloud/instance ] || fail "cloud-init has not configured web1 yet (no /var/lib/cloud/instance): boot it (the four stages)"
# The container is named web1 already: what counts is what cloud-init did. set_hostname records
# the name it set in data/set-hostname (once per instance), update_hostname (at every boot,
# unless preserve_hostname) in data/previous-hostname; both write /etc/hostname.
set=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("hostname", ""))' /var/lib/cloud/data/set-hostname 2>/dev/null || true)
[ "$set" = web1 ] || fail "cloud-init has not set the host name web1 (its record /var/lib/cloud/data/set-hostname says '${set:-nothing}'): is local-hostname: web1 in meta-data?"
prev=$(cat /var/lib/cloud/data/previous-hostname 2>/dev/null || true)
if [ "$prev" != web1 ]; then
  grep -q 'preserve_hostname' "$SEED/user-data" 2>/dev/null &&
    fail "cloud-init's update_hostname module left the host name alone in this boot (no web1 in /var/lib/cloud/data/previous-hostname): user-data sets preserve_hostname, which tells cloud-init not to manage it; remove it, cloud-init clean and boot again"
  fail "cloud-init's update_hostname module did not set web1 in this boot (/var/lib/cloud/data/previous-hostname says '${prev:-nothing}'): did the init stage (cloud-init init) run?"
fi
name=$(cat /etc/hostname)
[ "$name" = web1 ] || fail "/etc/hostname is '$name', not web1, though cloud-init set web1: what changed it afterwards?"
kernel=$(hostname)
getent passwd ana >/dev/null || fail "there is no user ana on web1: did the init stage (users-groups) run, and does user-data list her under users:?"
shell=$(getent passwd ana | cut -d: -f7)
[ "$shell" = /bin/bash ] || fail "ana's shell is $shell, not /bin/bash"
home=$(getent passwd ana | cut -d: -f6)
[ -s "$home/.ssh/authorized_keys" ] || fail "ana has no $home/.ssh/authorized_keys: her ssh_authorized_keys were not installed"
su -s /bin/sh ana -c 'sudo -n true' 2>/dev/null || fail "ana cannot use sudo without a password: sudo: ALL=(ALL) NOPASSWD:ALL in her users: entry"
grep -q 'configured by cloud-init' /etc/motd 2>/dev/null || fail "/etc/motd does not say 'configured by cloud-init' (it has: $(head -c 60 /etc/motd 2>/dev/null | tr '\n' ' '))"
f=/home/ana/app.env
[ -f "$f" ] || fail "$f does not exist: with defer: true it is written by the final stage (cloud-init modules --mode=final); without it, write_files fails before ana exists"
[ "$(stat -c %U "$f")" = ana ] || fail "$f belongs to $(stat -c %U:%G "$f"), not ana"
[ "$(stat -c %a "$f")" = 600 ] || fail "$f has mode $(stat -c %a "$f"), not 600 (permissions: '0600': it holds settings others must not read)"
grep -qx 'APP_ENV=production' "$f" || fail "$f has no line APP_ENV=production"
[ -s /var/log/boots.log ] || fail "/var/log/boots.log is empty or missing: bootcmd should add a line at every boot"
[ -s /var/log/instance-setup.log ] || fail "/var/log/instance-setup.log is empty or missing: runcmd should add a line"
msg="web1 is configured: host name web1 set by cloud-init, ana (bash, key, sudo), /etc/motd, app.env 600 ana"
[ "$kernel" = web1 ] || msg="$msg; the kernel's host name is still $kernel (setting it needs CAP_SYS_ADMIN, which a lab host lacks)"
pass "$msg"
