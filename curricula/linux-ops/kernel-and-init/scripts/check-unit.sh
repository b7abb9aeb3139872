set -eu
# The unit as systemd would see it: systemd-analyze verify must accept it without a warning, its
# settings must say what the task asks (a non-root user, restart on failure, after the network,
# wanted by multi-user.target, enabled), and then the check does what systemd would do at start:
# it runs ExecStart= as User=, with the unit's environment only, in WorkingDirectory=, asks the
# daemon over HTTP who and where it is, and stops it again.
unit=/etc/systemd/system/status-page.service
[ -f "$unit" ] || fail_t no-unit-file unit="$unit"

unit_dir=$(mktemp -d)
trap 'rm -rf "$unit_dir"' EXIT
verify=$(cd / && systemd-analyze verify "$unit" 2>&1) && rc=0 || rc=$?
verify=$(printf '%s\n' "$verify" | grep -v -e '^$' -e 'Special user nobody' || true)
[ "$rc" -eq 0 ] && [ -z "$verify" ] ||
  fail_t unit-verify-fails unit="$unit" out="$(printf '%s' "$verify" | head -n 2 | tr '\n' ' ')"

unit_parse "$unit" "$unit_dir"
# unit_parse writes its complaint as one line, KEY<TAB>VALUE<TAB>VALUE (lib.sh).
if [ -s "$unit_dir/error" ]; then
  IFS=$(printf '\t') read -r ekey ev1 ev2 < "$unit_dir/error" || true
  case "$ekey" in
    unit-no-such-user) fail_t unit-no-such-user user="$ev1" ;;
    env-file-unreadable) fail_t env-file-unreadable file="$ev1" error="$ev2" ;;
    environment-bad) fail_t environment-bad value="$ev1" error="$ev2" ;;
    no-execstart) fail_t no-execstart ;;
    execstart-bad) fail_t execstart-bad cmd="$ev1" error="$ev2" ;;
    execstart-empty) fail_t execstart-empty ;;
    *) broken "unit_parse wrote an unknown error: $ekey" ;;
  esac
fi

setting User
[ -n "$val" ] || fail_t no-user
[ "$val" = status ] || fail_t wrong-user user="$val"
uid=$(id -u status)
[ "$uid" -lt 1000 ] || fail_t user-not-system uid="$uid"
case "$(getent passwd status | cut -d: -f7)" in
  */nologin | */false) ;;
  *) fail_t user-can-log-in shell="$(getent passwd status | cut -d: -f7)" ;;
esac

setting Restart
case "$val" in
  on-failure | always | on-abnormal) ;;
  '' | no) fail_t no-restart ;;
  *) fail_t wrong-restart restart="$val" ;;
esac

setting Type
case "$val" in
  '' | simple | exec) ;;
  *) fail_t wrong-type type="$val" ;;
esac

setting After
case " $val " in
  *' network.target '* | *' network-online.target '*) ;;
  *) fail_t not-after-network after="$val" ;;
esac
case " $val " in
  *' network-online.target '*)
    setting Wants
    w=$val
    setting Requires
    case " $w $val " in *' network-online.target '*) ;; *) fail_t online-not-wanted ;; esac
    ;;
esac

setting WantedBy
case " $val " in
  *' multi-user.target '*) ;;
  *) fail_t no-wanted-by wanted_by="$val" ;;
esac
state=$(systemctl is-enabled status-page.service 2>/dev/null || true)
[ "$state" = enabled ] || fail_t not-enabled state="$state"

setting WorkingDirectory
wd=${val#-}
case "$wd" in '~') wd=$(getent passwd status | cut -d: -f6) ;; esac
[ -n "$wd" ] || fail_t no-workdir
[ "$wd" = /var/lib/status-page ] || fail_t wrong-workdir wd="$wd"
[ -d "$wd" ] || fail_t workdir-missing wd="$wd"

ss -Htln 'sport = :8080' | grep -q . &&
  fail_t port-busy prog="$(ss -Htlnp 'sport = :8080' | grep -o 'users:(("[^"]*"' | head -n 1 | cut -d'"' -f2)"

# Start it as systemd would: its own session, User= with its groups, the unit's environment only.
gid=$(id -g status)
setting Group
[ -z "$val" ] || gid=$(getent group "$val" | cut -d: -f3)
[ -n "$gid" ] || fail_t no-such-group group="$val"
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
    fail_t daemon-exited argv="$argv" wd="$wd" err="$(grep -v '^\s*$' "$unit_dir/err" | tail -n 1 | cut -c 1-200)"
  sleep 0.25
done
[ -n "${body:-}" ] || fail_t daemon-silent argv="$argv" wd="$wd" err="$(tail -n 1 "$unit_dir/err" | cut -c 1-160)"

field() { printf '%s' "$body" | python3 -c "import json,sys; print(json.load(sys.stdin).get('$1', ''))"; }
[ "$(field user)" = status ] || fail_t daemon-wrong-user user="$(field user)"
[ "$(field cwd)" = /var/lib/status-page ] || fail_t daemon-wrong-cwd cwd="$(field cwd)"
[ "$(field site)" = shop ] || fail_t daemon-wrong-site site="$(field site)"
pass_t unit-ok
