set -eu
# The unit as systemd would see it: systemd-analyze verify must accept it without a warning, its
# settings must say what the task asks (a non-root user, restart on failure, after the network,
# wanted by multi-user.target, enabled), and then the check does what systemd would do at start:
# it runs ExecStart= as User=, with the unit's environment only, in WorkingDirectory=, asks the
# daemon over HTTP who and where it is, and stops it again.
unit=/etc/systemd/system/status-page.service
[ -f "$unit" ] || fail "$unit does not exist yet: write the unit file there"

unit_dir=$(mktemp -d)
trap 'rm -rf "$unit_dir"' EXIT
verify=$(cd / && systemd-analyze verify "$unit" 2>&1) && rc=0 || rc=$?
verify=$(printf '%s\n' "$verify" | grep -v -e '^$' -e 'Special user nobody' || true)
[ "$rc" -eq 0 ] && [ -z "$verify" ] ||
  fail "systemd-analyze verify $unit complains: $(printf '%s' "$verify" | head -n 2 | tr '\n' ' ')"

unit_parse "$unit" "$unit_dir"
[ ! -s "$unit_dir/error" ] || fail "$(cat "$unit_dir/error")"

setting User
[ -n "$val" ] || fail "the unit has no User=: the daemon would run as root; run it as the system user status"
[ "$val" = status ] || fail "User=$val: run it as the system user status"
uid=$(id -u status)
[ "$uid" -lt 1000 ] || fail "status has uid $uid, a regular account's: create it as a system account (useradd --system)"
case "$(getent passwd status | cut -d: -f7)" in
  */nologin | */false) ;;
  *) fail "status can log in (its shell is $(getent passwd status | cut -d: -f7)): a service account gets /usr/sbin/nologin" ;;
esac

setting Restart
case "$val" in
  on-failure | always | on-abnormal) ;;
  '' | no) fail "the unit has no Restart= (or Restart=no): when the daemon crashes systemd leaves it dead; Restart=on-failure starts it again" ;;
  *) fail "Restart=$val: use on-failure (restart after a crash or a non-zero exit), or always" ;;
esac

setting Type
case "$val" in
  '' | simple | exec) ;;
  *) fail "Type=$val: status-page stays in the foreground and tells systemd nothing, so it is Type=simple (the default) or exec; with $val systemd would wait for something it never does" ;;
esac

setting After
case " $val " in
  *' network.target '* | *' network-online.target '*) ;;
  *) fail "the unit is not ordered after the network (After= is '$val'): a daemon that listens on a port starts After=network.target (or network-online.target)" ;;
esac
case " $val " in
  *' network-online.target '*)
    setting Wants
    w=$val
    setting Requires
    case " $w $val " in *' network-online.target '*) ;; *) fail "After=network-online.target alone does not pull that target in: add Wants=network-online.target" ;; esac
    ;;
esac

setting WantedBy
case " $val " in
  *' multi-user.target '*) ;;
  *) fail "the [Install] section has no WantedBy=multi-user.target: systemctl enable would not know when to start it (WantedBy is '$val')" ;;
esac
state=$(systemctl is-enabled status-page.service 2>/dev/null || true)
[ "$state" = enabled ] || fail "systemctl is-enabled status-page says '$state': run systemctl enable status-page (it makes the symlink in multi-user.target.wants)"

setting WorkingDirectory
wd=${val#-}
case "$wd" in '~') wd=$(getent passwd status | cut -d: -f6) ;; esac
[ -n "$wd" ] || fail "the unit has no WorkingDirectory=: the daemon would start in / and fail to write its log there"
[ "$wd" = /var/lib/status-page ] || fail "WorkingDirectory=$wd: the task asks for /var/lib/status-page"
[ -d "$wd" ] || fail "WorkingDirectory=$wd does not exist: systemd would refuse to start the service (status=200/CHDIR)"

ss -Htln 'sport = :8080' | grep -q . &&
  fail "something listens on port 8080 already ($(ss -Htlnp 'sport = :8080' | grep -o 'users:(("[^"]*"' | head -n 1 | cut -d'"' -f2)): stop it, the check starts the service itself as the unit says"

# Start it as systemd would: its own session, User= with its groups, the unit's environment only.
gid=$(id -g status)
setting Group
[ -z "$val" ] || gid=$(getent group "$val" | cut -d: -f3)
[ -n "$gid" ] || fail "Group=$val: no such group"
{
  printf '%s\0' /usr/bin/setpriv "--reuid=$uid" "--regid=$gid" --init-groups -- /usr/bin/env -i
  cat "$unit_dir/env" "$unit_dir/argv"
} > "$unit_dir/cmd"
cd "$wd"
setsid xargs -0 -a "$unit_dir/cmd" /usr/bin/env -- >"$unit_dir/out" 2>"$unit_dir/err" </dev/null &
daemon=$!
trap 'kill -TERM -- "-$daemon" 2>/dev/null || true; sleep 0.2; kill -KILL -- "-$daemon" 2>/dev/null || true; rm -rf "$unit_dir"' EXIT
cd /

argv=$(tr '\0' ' ' < "$unit_dir/argv")
for _ in $(seq 1 40); do
  body=$(curl -s --max-time 2 http://127.0.0.1:8080/ 2>/dev/null) && break
  kill -0 "$daemon" 2>/dev/null ||
    fail "ExecStart=$argv, run as status in $wd with the unit's environment, exited at once: $(grep -v '^\s*$' "$unit_dir/err" | tail -n 1 | cut -c 1-200)"
  sleep 0.25
done
[ -n "${body:-}" ] || fail "ExecStart=$argv runs as status in $wd but nothing answers on port 8080 after 10 s: is PORT=8080 in its Environment=? (its stderr: $(tail -n 1 "$unit_dir/err" | cut -c 1-160))"

field() { printf '%s' "$body" | python3 -c "import json,sys; print(json.load(sys.stdin).get('$1', ''))"; }
[ "$(field user)" = status ] || fail "the daemon answered, but runs as $(field user), not status"
[ "$(field cwd)" = /var/lib/status-page ] || fail "the daemon runs in $(field cwd), not /var/lib/status-page"
[ "$(field site)" = shop ] || fail "the daemon says its site is '$(field site)': set SITE_NAME=shop in the unit's environment"
pass "systemd-analyze accepts status-page.service; started as the unit says, it runs as status in /var/lib/status-page, site shop, port 8080"
