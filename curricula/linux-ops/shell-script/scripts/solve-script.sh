set -eu
cat > /usr/local/bin/backup-rotate <<'SCRIPT'
#!/bin/bash
# backup-rotate SOURCE_DIR DEST_DIR [KEEP]: archive SOURCE_DIR into
# DEST_DIR/NAME-YYYY-MM-DD.tar.gz, then keep only the KEEP newest archives of NAME.
set -eu

usage() {
  echo "usage: backup-rotate SOURCE_DIR DEST_DIR [KEEP]" >&2
  exit 2
}

[ "$#" -ge 2 ] && [ "$#" -le 3 ] || usage
keep=${3:-3}
case "$keep" in
  '' | *[!0-9]*) echo "backup-rotate: KEEP must be a whole number, got '$keep'" >&2; usage ;;
esac
[ "$keep" -ge 1 ] || { echo "backup-rotate: KEEP must be at least 1" >&2; usage; }
[ -d "$1" ] || { echo "backup-rotate: $1 is not a directory" >&2; exit 1; }

src=$(cd "$1" && pwd)           # absolute, no trailing slash
name=$(basename "$src")
dest=$2
mkdir -p "$dest"
archive="$dest/$name-$(date +%F).tar.gz"

# Write under a temporary name, then rename: a failed run never leaves half an archive.
tar -czf "$archive.part" -C "$(dirname "$src")" "$name"
mv -f "$archive.part" "$archive"

# This source's archives, oldest first (ISO dates sort as text); delete all but KEEP.
archives=()
for f in "$dest/$name"-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].tar.gz; do
  [ -e "$f" ] && archives+=("$f")
done
excess=$(( ${#archives[@]} - keep ))
for (( i = 0; i < excess; i++ )); do
  rm -f -- "${archives[i]}"
done

echo "$archive"
SCRIPT
chmod 755 /usr/local/bin/backup-rotate
bash -n /usr/local/bin/backup-rotate
backup-rotate /srv/shop /var/backups/shop
ls /var/backups/shop
