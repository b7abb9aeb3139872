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

[ -d "$dst" ] || fail "/root/configs does not exist: create it (mkdir /root/configs), then copy the .conf files into it"

while IFS= read -r rel; do
  name=${rel##*/}
  if [ ! -e "$src/$rel" ]; then
    [ -f "$dst/$name" ] &&
      fail "/srv/data/$rel is gone: it was moved, not copied. Put it back (cp '/root/configs/$name' '/srv/data/$rel') and use cp, not mv"
    broken "/srv/data/$rel is missing and not in /root/configs either: reset the lab"
  fi
  if [ ! -e "$dst/$name" ]; then
    [ -e "$dst/$rel" ] && fail "found /root/configs/$rel: put the files directly in /root/configs, without subdirectories (cp --parents and cp -r keep the tree)"
    why=''
    case "$name" in .*) why=" It is a hidden file (its name starts with a dot): a * glob skips it, find does not." ;; esac
    case "$name" in *' '*) why=" Its name has a space: quote it, or let find -exec cp pass it whole." ;; esac
    case "$rel" in */*/*) [ -z "$why" ] && why=" It is $(($(printf '%s' "$rel" | tr -cd / | wc -c) + 1)) levels down: a */*.conf glob does not reach it, find does." ;; esac
    fail "/root/configs/$name is missing (from /srv/data/$rel).$why"
  fi
  if [ -L "$dst/$name" ] || [ ! -f "$dst/$name" ]; then
    fail "/root/configs/$name is not a regular file ($(stat -c %F "$dst/$name")): copy the file itself with cp"
  fi
  cmp -s "$src/$rel" "$dst/$name" ||
    fail "/root/configs/$name differs from /srv/data/$rel: copy it again, without editing it"
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
    fail "/root/configs/extra.conf is a directory: /srv/data/extra.conf is a directory whose name ends in .conf, not a config file. Remove it (rm -r /root/configs/extra.conf) and copy regular files only (find -type f)"
  [ -d "$f" ] && fail "/root/configs/$name is a directory: put the files directly in /root/configs, without subdirectories"
  case "$name" in
    *.conf) fail "/root/configs/$name is not one of the .conf files under /srv/data: remove it" ;;
    *) fail "/root/configs/$name does not end in .conf (a look-alike such as .conf.bak or .conf.disabled): remove it" ;;
  esac
done
pass "/root/configs holds all $(printf '%s\n' "$want" | wc -l) .conf files from /srv/data, hidden and deep ones included, and nothing else"
