set -eu
src=/srv/data
dst=/root/configs
# The .conf files setup-server.sh made (relative to /srv/data). Listed here so that a moved
# file is noticed; the contents are compared with whatever /srv/data holds now.
want='app/app.conf
app/old/legacy.conf
app/.secrets.conf
db/db.conf
web/site.conf
web/my site.conf
releases/v1.10/release.conf'

[ -d "$dst" ] || fail_t no-configs-dir

while IFS= read -r rel; do
  name=${rel##*/}
  if [ ! -e "$src/$rel" ]; then
    [ -f "$dst/$name" ] &&
      fail_t config-moved rel="$rel" name="$name"
    broken "/srv/data/$rel is missing and not in /root/configs either: reset the lab"
  fi
  if [ ! -e "$dst/$name" ]; then
    [ -e "$dst/$rel" ] && fail_t config-in-subdir rel="$rel"
    # Why a learner may have missed it: a space in the name says more than a leading dot, and
    # either says more than the depth.
    case "$name" in *' '*) fail_t config-missing-space name="$name" rel="$rel" ;; esac
    case "$name" in .*) fail_t config-missing-hidden name="$name" rel="$rel" ;; esac
    case "$rel" in */*/*) fail_t config-missing-deep name="$name" rel="$rel" levels="$(($(printf '%s' "$rel" | tr -cd / | wc -c) + 1))" ;; esac
    fail_t config-missing name="$name" rel="$rel"
  fi
  if [ -L "$dst/$name" ] || [ ! -f "$dst/$name" ]; then
    fail_t config-not-regular name="$name" type="$(stat -c %F "$dst/$name")"
  fi
  cmp -s "$src/$rel" "$dst/$name" ||
    fail_t config-differs name="$name" rel="$rel"
done <<LIST
$want
LIST

# Nothing else may be in /root/configs.
for f in "$dst"/* "$dst"/.*; do
  [ -e "$f" ] || [ -L "$f" ] || continue
  name=${f##*/}
  case "$name" in . | ..) continue ;; esac
  printf '%s\n' "$want" | awk -F/ -v n="$name" '$NF == n { found = 1 } END { exit !found }' && continue
  [ -d "$f" ] && [ "$name" = extra.conf ] &&
    fail_t extra-conf-dir
  [ -d "$f" ] && fail_t config-dir-inside name="$name"
  case "$name" in
    *.conf) fail_t config-unknown name="$name" ;;
    *) fail_t config-look-alike name="$name" ;;
  esac
done
pass_t configs-ok count="$(printf '%s\n' "$want" | wc -l)"
