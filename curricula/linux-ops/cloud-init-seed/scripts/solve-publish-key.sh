set -eu
# By hand you would copy the line of ops's public key into web1's user-data. Here ops
# publishes it on its web server, as sites such as https://github.com/USER.keys do.
cp /root/.ssh/id_ed25519.pub /var/www/html/ana.pub
pgrep -x nginx >/dev/null || nginx
