set -eu
f=/srv/atlas/private/plan.txt
[ -f "$f" ] || fail "$f does not exist yet (task 'Create the project tree')"
for u in alice bob; do id "$u" >/dev/null 2>&1 || fail "there is no user $u yet (task 'Create the group and the users')"; done
getent group atlas >/dev/null || fail "there is no group atlas yet (task 'Create the group and the users')"

# as USER COMMAND: run COMMAND as USER, as a fresh login would; prints stdout and stderr.
as() { su -s /bin/sh "$1" -c "$2" </dev/null 2>&1; }
# in_group USER GROUP
in_group() { case " $(id -nG "$1") " in *" $2 "*) return 0 ;; esac; return 1; }
perms() { stat -c "%A %U:%G" "$1"; }

owner=$(stat -c %U "$f")
group=$(stat -c %G "$f")
[ "$owner" = root ] || fail "plan.txt belongs to user $owner, but it must belong to root ($(perms "$f")): chown root:atlas $f"
[ "$group" = atlas ] || fail "plan.txt belongs to group $group, not atlas ($(perms "$f")): chgrp atlas $f"

if ! out=$(as alice "cat $f"); then
  in_group alice atlas || fail "alice cannot read plan.txt because she is not in group atlas (task 'Create the group and the users')"
  for d in /srv /srv/atlas /srv/atlas/private; do
    as alice "test -x $d" >/dev/null ||
      fail "alice cannot enter $d ($(perms "$d")): reading a file needs x on every directory on its path"
  done
  case "$(stat -c %A "$f")" in
    ????r*) ;;
    *) fail "the group atlas has no read bit on plan.txt ($(perms "$f")): chmod g+r $f" ;;
  esac
  fail "alice cannot read plan.txt ($(perms "$f")): $(printf '%s' "$out" | tail -n 1)"
fi
if as alice "test -w $f" >/dev/null; then
  fail "alice can change plan.txt ($(perms "$f")): the group may read it, not write it: chmod g-w $f"
fi

if as bob "cat $f" >/dev/null; then
  case "$(stat -c %A "$f")" in
    ???????r*) fail "bob can read plan.txt: others have the read bit ($(perms "$f")): chmod o-r $f (or chmod 640 $f)" ;;
  esac
  in_group bob atlas && fail "bob can read plan.txt because he is in group atlas: take him out (gpasswd -d bob atlas)"
  fail "bob can read plan.txt ($(perms "$f"))"
fi
if as bob "test -w $f" >/dev/null; then
  fail "bob cannot read plan.txt but can overwrite it: others have the write bit ($(perms "$f")): chmod o-w $f"
fi
pass "alice reads plan.txt, cannot change it; bob gets Permission denied ($(perms "$f"))"
