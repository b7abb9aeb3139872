set -eu
[ -d /var/lib/cloud/instance ] || fail_t not-configured
# The container is named web1 already: what counts is what cloud-init did. set_hostname records
# the name it set in data/set-hostname (once per instance), update_hostname (at every boot,
# unless preserve_hostname) in data/previous-hostname; both write /etc/hostname.
set=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("hostname", ""))' /var/lib/cloud/data/set-hostname 2>/dev/null || true)
[ "$set" = web1 ] || {
  [ -n "$set" ] || fail_t hostname-not-set-empty
  fail_t hostname-not-set set="$set"
}
prev=$(cat /var/lib/cloud/data/previous-hostname 2>/dev/null || true)
if [ "$prev" != web1 ]; then
  grep -q 'preserve_hostname' "$SEED/user-data" 2>/dev/null &&
    fail_t hostname-preserved
  [ -n "$prev" ] || fail_t hostname-not-updated-empty
  fail_t hostname-not-updated prev="$prev"
fi
name=$(cat /etc/hostname)
[ "$name" = web1 ] || fail_t etc-hostname-changed name="$name"
kernel=$(hostname)
getent passwd ana >/dev/null || fail_t no-ana
shell=$(getent passwd ana | cut -d: -f7)
[ "$shell" = /bin/bash ] || fail_t ana-wrong-shell shell="$shell"
home=$(getent passwd ana | cut -d: -f6)
[ -s "$home/.ssh/authorized_keys" ] || fail_t ana-no-authorized-keys home="$home"
su -s /bin/sh ana -c 'sudo -n true' 2>/dev/null || fail_t ana-sudo-asks-password
grep -q 'configured by cloud-init' /etc/motd 2>/dev/null || fail_t motd-wrong motd="$(head -c 60 /etc/motd 2>/dev/null | tr '\n' ' ')"
f=/home/ana/app.env
[ -f "$f" ] || fail_t app-env-missing file="$f"
[ "$(stat -c %U "$f")" = ana ] || fail_t app-env-not-ana file="$f" owner="$(stat -c %U:%G "$f")"
[ "$(stat -c %a "$f")" = 600 ] || fail_t app-env-mode file="$f" mode="$(stat -c %a "$f")"
grep -qx 'APP_ENV=production' "$f" || fail_t app-env-no-line file="$f"
[ -s /var/log/boots.log ] || fail_t boots-log-empty
[ -s /var/log/instance-setup.log ] || fail_t setup-log-empty
[ "$kernel" = web1 ] || pass_t instance-ok-kernel-name kernel="$kernel"
pass_t instance-ok
