set -eu
for d in /srv/atlas /srv/atlas/docs /srv/atlas/private /srv/atlas/shared; do
  [ -e "$d" ] || fail_t dir-missing dir="$d"
  [ -d "$d" ] || fail_t not-a-dir dir="$d" type="$(stat -c %F "$d")"
done

# expect_content FILE TEXT: FILE holds exactly the line TEXT (a final newline or none).
expect_content() {
  [ -e "$1" ] || fail_t file-missing file="$1" text="$2"
  [ -f "$1" ] || fail_t not-a-file file="$1" type="$(stat -c %F "$1")"
  got=$(cat "$1")
  [ "$got" = "$2" ] && return 0
  [ -n "$got" ] || fail_t file-empty file="$1" text="$2"
  shown=$(printf '%s' "$got" | head -c 80 | tr '\n' '|')
  [ "$(printf '%s\n' "$got" | wc -l)" -gt 1 ] &&
    fail_t file-many-lines file="$1" lines="$(printf '%s\n' "$got" | wc -l)" shown="$shown" text="$2"
  fail_t file-wrong file="$1" shown="$shown" text="$2"
}
expect_content /srv/atlas/docs/README.txt 'Welcome to Atlas'
expect_content /srv/atlas/private/plan.txt 'launch on friday'
pass_t tree-ok
