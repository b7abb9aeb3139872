set -eu
# admin serves a package mirror over HTTP: server downloads from it, which is how the
# checks prove that server's own outgoing connections still get their replies.
echo 'admin: package mirror' > /var/www/html/index.html
rm -f /var/www/html/index.nginx-debian.html
nginx
