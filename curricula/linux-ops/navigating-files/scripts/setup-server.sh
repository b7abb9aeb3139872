set -eu
# A messy tree under /srv/data. The checks know its shape: keep them in step with this file.
d=/srv/data
rm -rf "$d" /srv/restore /root/configs
mkdir -p "$d"/app/old "$d"/db "$d"/web "$d"/logs "$d"/notes "$d"/extra.conf "$d"/backup "$d"/inbox

# Config files: one per directory level, one hidden, one with a space in its name, plus
# look-alikes that do not end in .conf and a directory that does.
printf '[app]\nname = shop\nport = 8080\nworkers = 4\n' > "$d/app/app.conf"
printf '[app]\nname = shop\nport = 8000\nworkers = 2\n' > "$d/app/app.conf.bak"
printf '# the 2019 layout, kept for reference\n[app]\nport = 7000\n' > "$d/app/old/legacy.conf"
printf 'db_password = s3cr3t-but-not-really\napi_token = 0000-1111\n' > "$d/app/.secrets.conf"
printf '[db]\nhost = db.internal\nport = 5432\nname = shop\n' > "$d/db/db.conf"
printf 'CREATE TABLE orders (id int primary key, qty int);\n' > "$d/db/schema.sql"
printf 'server_name shop.example;\nroot /srv/www/shop;\n' > "$d/web/site.conf"
printf 'server_name my.shop.example;\nroot /srv/www/my;\n' > "$d/web/my site.conf"
printf 'server_name old.shop.example;\n' > "$d/web/site.conf.disabled"
printf 'text/html html htm\ntext/css css\n' > "$d/web/mime.types"
printf 'Not a config file: a directory whose name happens to end in .conf.\n' > "$d/extra.conf/README"
printf 'How to configure the shop: edit app/app.conf, then restart.\n' > "$d/notes/configuring.txt"
for i in 1 2 3; do printf '10.0.0.%s - - "GET / HTTP/1.1" 200\n' "$i"; done > "$d/logs/access.log"
printf 'worker 3 exited\n' > "$d/logs/error.log"

# Releases: v1.10 is the newest, but sorts before v1.9 as text. current points at v1.9.
for v in 1.8 1.9 1.10; do
  mkdir -p "$d/releases/v$v/bin"
  printf '%s\n' "$v.0" > "$d/releases/v$v/VERSION"
  printf '#!/bin/sh\necho "shop %s"\n' "$v" > "$d/releases/v$v/bin/shop"
  chmod 755 "$d/releases/v$v/bin/shop"
done
printf '[release]\nchannel = stable\n' > "$d/releases/v1.10/release.conf"
touch -d '2024-01-10 09:00' "$d/releases/v1.8"
touch -d '2024-02-07 09:00' "$d/releases/v1.9"
touch -d '2024-03-04 09:00' "$d/releases/v1.10"
ln -s releases/v1.9 "$d/current"

# Two site backups; the task names the newer one.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make_site() {
  rm -rf "$tmp/site"
  mkdir -p "$tmp/site/css" "$tmp/site/bin" "$tmp/site/.well-known"
  printf '<!doctype html>\n<title>Shop</title>\n<h1>Welcome to the shop</h1>\n<p>Backup of %s.</p>\n' "$1" > "$tmp/site/index.html"
  printf '<!doctype html>\n<title>About</title>\n<p>We sell things.</p>\n' > "$tmp/site/about.html"
  printf 'body { font-family: sans-serif; }\nh1 { color: #336699; }\n' > "$tmp/site/css/main.css"
  printf '#!/bin/sh\nset -eu\nrsync -a /srv/restore/site/ /srv/www/shop/\n' > "$tmp/site/bin/deploy.sh"
  printf 'Contact: mailto:security@shop.example\n' > "$tmp/site/.well-known/security.txt"
  chmod 755 "$tmp/site/bin/deploy.sh"
  chmod 640 "$tmp/site/.well-known/security.txt"
  tar -czf "$2" --owner=root --group=root -C "$tmp" site
}
make_site 2024-02-01 "$d/backup/site-2024-02-01.tar.gz"
make_site 2024-03-04 "$d/backup/site-2024-03-04.tar.gz"

# The inbox: names that do not tell the type (make_inbox, scripts/lib.sh).
make_inbox "$d/inbox"
