set -eu
d=/srv/atlas/shared
[ -d "$d" ] || fail_t no-dir-yet dir="$d"
u=bob
id "$u" >/dev/null 2>&1 || fail_t no-user-yet user="$u"

as() { su -s /bin/sh "$1" -c "$2" </dev/null 2>&1; }
in_group() { case " $(id -nG "$1") " in *" $2 "*) return 0 ;; esac; return 1; }
perms() { stat -c "%A %U:%G" "$1"; }
# why_bob create|list|open: what lets bob in, when it is not the bits for others (one message
# per thing bob can do, so that each reads whole in every language).
why_bob() {
  g=$(stat -c %G "$d")
  if in_group bob "$g"; then
    case "$1" in
      create) fail_t bob-creates-in-group group="$g" ;;
      list) fail_t bob-lists-in-group group="$g" ;;
      *) fail_t bob-opens-in-group group="$g" ;;
    esac
  fi
  if [ "$(stat -c %U "$d")" = bob ]; then
    case "$1" in
      create) fail_t bob-creates-owner perms="$(perms "$d")" dir="$d" ;;
      list) fail_t bob-lists-owner perms="$(perms "$d")" dir="$d" ;;
      *) fail_t bob-opens-owner perms="$(perms "$d")" dir="$d" ;;
    esac
  fi
  return 0
}

probe="$d/.opslab-check-bob-$$"
team_file="$d/.opslab-check-team-$$"
trap 'rm -f "$probe" "$team_file"' EXIT
if as bob "touch $probe" >/dev/null; then
  why_bob create
  fail_t bob-creates-others-w perms="$(perms "$d")" dir="$d"
fi
if as bob "test -r $d" >/dev/null; then
  why_bob list
  fail_t bob-lists-others-r perms="$(perms "$d")" dir="$d"
fi
# A team file as the usual umask 022 leaves it (rw-r--r--): the directory alone must keep bob out.
echo 'team only' > "$team_file"
chmod 644 "$team_file"
if as bob "cat $team_file" >/dev/null; then
  why_bob open
  fail_t bob-opens-others-x perms="$(perms "$d")" dir="$d"
fi
pass_t shared-others-ok perms="$(perms "$d")"
