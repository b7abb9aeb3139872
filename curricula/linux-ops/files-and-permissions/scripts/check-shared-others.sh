set -eu
d=/srv/atlas/shared
[ -d "$d" ] || fail "$d is not a directory yet (task 'Create the project tree')"
id bob >/dev/null 2>&1 || fail "there is no user bob yet (task 'Create the group and the users')"

as() { su -s /bin/sh "$1" -c "$2" </dev/null 2>&1; }
in_group() { case " $(id -nG "$1") " in *" $2 "*) return 0 ;; esac; return 1; }
perms() { stat -c "%A %U:%G" "$1"; }
# why_bob: what lets bob in, when it is not the bits for others.
why_bob() {
  in_group bob "$(stat -c %G "$d")" && fail "bob $1 shared because he is in its group $(stat -c %G "$d"): take him out (gpasswd -d bob $(stat -c %G "$d"))"
  [ "$(stat -c %U "$d")" = bob ] && fail "bob $1 shared because he owns it ($(perms "$d")): chown root $d"
  return 0
}

probe="$d/.opslab-check-bob-$$"
team_file="$d/.opslab-check-team-$$"
trap 'rm -f "$probe" "$team_file"' EXIT
if as bob "touch $probe" >/dev/null; then
  why_bob "can create files in"
  fail "bob can create files in shared: others have write access ($(perms "$d")): chmod o-rwx $d"
fi
if as bob "test -r $d" >/dev/null; then
  why_bob "can list"
  fail "bob can list shared: others have read access ($(perms "$d")): chmod o-rwx $d"
fi
# A team file as the usual umask 022 leaves it (rw-r--r--): the directory alone must keep bob out.
echo 'team only' > "$team_file"
chmod 644 "$team_file"
if as bob "cat $team_file" >/dev/null; then
  why_bob "can open files in"
  fail "bob cannot list shared but can still open a file in it whose name he knows: others have x on it ($(perms "$d")): chmod o-x $d"
fi
pass "bob can neither create files in shared nor list it, nor open the files in it ($(perms "$d"))"
