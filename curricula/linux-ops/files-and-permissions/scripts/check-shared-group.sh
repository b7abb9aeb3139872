set -eu
d=/srv/atlas/shared
[ -d "$d" ] || fail "$d is not a directory yet (task 'Create the project tree')"
id alice >/dev/null 2>&1 || fail "there is no user alice yet (task 'Create the group and the users')"
getent group atlas >/dev/null || fail "there is no group atlas yet (task 'Create the group and the users')"

as() { su -s /bin/sh "$1" -c "$2" </dev/null 2>&1; }
in_group() { case " $(id -nG "$1") " in *" $2 "*) return 0 ;; esac; return 1; }
perms() { stat -c "%A %U:%G" "$1"; }

probe="$d/.opslab-check-alice-$$"
trap 'rm -f "$probe"' EXIT
if ! out=$(as alice "touch $probe"); then
  in_group alice atlas || fail "alice cannot create files in shared because she is not in group atlas (task 'Create the group and the users')"
  for p in /srv /srv/atlas; do
    as alice "test -x $p" >/dev/null || fail "alice cannot enter $p ($(perms "$p")): she needs x on every directory on the way"
  done
  dgroup=$(stat -c %G "$d")
  [ "$dgroup" = atlas ] ||
    fail "alice cannot create files in shared: it belongs to group $dgroup, not atlas ($(perms "$d")): chgrp atlas $d"
  case "$(stat -c %A "$d")" in
    ????rw[xs]*) ;;
    *) fail "alice cannot create files in shared: creating a file needs w and x on the directory for the group atlas ($(perms "$d")): chmod g+rwx $d" ;;
  esac
  fail "alice cannot create files in shared ($(perms "$d")): $(printf '%s' "$out" | tail -n 1)"
fi
fgroup=$(stat -c %G "$probe")
if [ "$fgroup" != atlas ]; then
  case "$(stat -c %A "$d")" in
    ??????[sS]*) fail "a new file of alice's in shared gets group $fgroup: shared has setgid, but belongs to group $(stat -c %G "$d") ($(perms "$d")): chgrp atlas $d" ;;
  esac
  fail "a new file of alice's in shared gets group $fgroup, her own primary group: the setgid bit is missing on shared ($(perms "$d")): chmod g+s $d"
fi
pass "alice creates files in shared and they get the group atlas ($(perms "$d"))"
