set -eu
for d in /srv/atlas /srv/atlas/docs /srv/atlas/private /srv/atlas/shared; do
  [ -e "$d" ] || fail "$d does not exist: mkdir -p $d"
  [ -d "$d" ] || fail "$d exists but is a $(stat -c %F "$d"), not a directory: remove it (rm $d) and mkdir -p $d"
done

# expect_content FILE TEXT: FILE holds exactly the line TEXT (a final newline or none).
expect_content() {
  [ -e "$1" ] || fail "$1 does not exist: echo '$2' > $1"
  [ -f "$1" ] || fail "$1 is a $(stat -c %F "$1"), not a regular file"
  got=$(cat "$1")
  [ "$got" = "$2" ] && return 0
  [ -n "$got" ] || fail "$1 is empty: it must hold the line '$2'"
  shown=$(printf '%s' "$got" | head -c 80 | tr '\n' '|')
  [ "$(printf '%s\n' "$got" | wc -l)" -gt 1 ] &&
    fail "$1 has $(printf '%s\n' "$got" | wc -l) lines ('$shown'), expected the single line '$2': did you append with >> instead of writing with >?"
  fail "$1 holds '$shown', expected exactly '$2'"
}
expect_content /srv/atlas/docs/README.txt 'Welcome to Atlas'
expect_content /srv/atlas/private/plan.txt 'launch on friday'
pass "the tree is there and both files hold the right line"
