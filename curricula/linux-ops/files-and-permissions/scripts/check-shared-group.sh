set -eu
d=/srv/atlas/shared
[ -d "$d" ] || fail_t no-dir-yet dir="$d"
u=alice
id "$u" >/dev/null 2>&1 || fail_t no-user-yet user="$u"
getent group atlas >/dev/null || fail_t no-group-yet

as() { su -s /bin/sh "$1" -c "$2" </dev/null 2>&1; }
in_group() { case " $(id -nG "$1") " in *" $2 "*) return 0 ;; esac; return 1; }
perms() { stat -c "%A %U:%G" "$1"; }

probe="$d/.opslab-check-alice-$$"
trap 'rm -f "$probe"' EXIT
if ! out=$(as alice "touch $probe"); then
  in_group alice atlas || fail_t alice-cannot-create-not-in-group
  for p in /srv /srv/atlas; do
    as alice "test -x $p" >/dev/null || fail_t alice-cannot-enter dir="$p" perms="$(perms "$p")"
  done
  dgroup=$(stat -c %G "$d")
  [ "$dgroup" = atlas ] ||
    fail_t shared-wrong-group group="$dgroup" perms="$(perms "$d")" dir="$d"
  case "$(stat -c %A "$d")" in
    ????rw[xs]*) ;;
    *) fail_t shared-no-group-wx perms="$(perms "$d")" dir="$d" ;;
  esac
  fail_t alice-cannot-create perms="$(perms "$d")" out="$(printf '%s' "$out" | tail -n 1)"
fi
fgroup=$(stat -c %G "$probe")
if [ "$fgroup" != atlas ]; then
  case "$(stat -c %A "$d")" in
    ??????[sS]*) fail_t setgid-wrong-group fgroup="$fgroup" dgroup="$(stat -c %G "$d")" perms="$(perms "$d")" dir="$d" ;;
  esac
  fail_t no-setgid fgroup="$fgroup" perms="$(perms "$d")" dir="$d"
fi
pass_t shared-group-ok perms="$(perms "$d")"
