set -eu
f=/srv/atlas/private/plan.txt
[ -f "$f" ] || fail_t no-file-yet file="$f"
for u in alice bob; do id "$u" >/dev/null 2>&1 || fail_t no-user-yet user="$u"; done
getent group atlas >/dev/null || fail_t no-group-yet

# as USER COMMAND: run COMMAND as USER, as a fresh login would; prints stdout and stderr.
as() { su -s /bin/sh "$1" -c "$2" </dev/null 2>&1; }
# in_group USER GROUP
in_group() { case " $(id -nG "$1") " in *" $2 "*) return 0 ;; esac; return 1; }
perms() { stat -c "%A %U:%G" "$1"; }

owner=$(stat -c %U "$f")
group=$(stat -c %G "$f")
[ "$owner" = root ] || fail_t plan-owner owner="$owner" perms="$(perms "$f")" file="$f"
[ "$group" = atlas ] || fail_t plan-group group="$group" perms="$(perms "$f")" file="$f"

if ! out=$(as alice "cat $f"); then
  in_group alice atlas || fail_t alice-cannot-read-not-in-group
  for d in /srv /srv/atlas /srv/atlas/private; do
    as alice "test -x $d" >/dev/null ||
      fail_t alice-cannot-enter-to-read dir="$d" perms="$(perms "$d")"
  done
  case "$(stat -c %A "$f")" in
    ????r*) ;;
    *) fail_t plan-no-group-read perms="$(perms "$f")" file="$f" ;;
  esac
  fail_t alice-cannot-read perms="$(perms "$f")" out="$(printf '%s' "$out" | tail -n 1)"
fi
if as alice "test -w $f" >/dev/null; then
  fail_t alice-can-write perms="$(perms "$f")" file="$f"
fi

if as bob "cat $f" >/dev/null; then
  case "$(stat -c %A "$f")" in
    ???????r*) fail_t bob-reads-others-r perms="$(perms "$f")" file="$f" ;;
  esac
  in_group bob atlas && fail_t bob-reads-in-group
  fail_t bob-reads perms="$(perms "$f")"
fi
if as bob "test -w $f" >/dev/null; then
  fail_t bob-writes-others-w perms="$(perms "$f")" file="$f"
fi
pass_t private-ok perms="$(perms "$f")"
