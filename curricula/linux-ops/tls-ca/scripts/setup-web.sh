set -eu
# web: nginx serving Debian's default site on port 80 (nothing on 443 yet), the pages of
# secure.lab waiting in /var/www/secure, and a release to sign in /var/www/secure/release.
grep -q ' secure.lab$' /etc/hosts || printf '%s secure.lab\n' "$WEB_IP" >> /etc/hosts
install -d -m 755 /var/www/secure/release /root/ca
printf '<h1>secure.lab: served over TLS</h1>\n' > /var/www/secure/index.html
tmp=$(mktemp -d)
mkdir "$tmp/app-1.0"
printf '#!/bin/sh\necho "app 1.0 (built %s)"\n' "$(date -u +%F)" > "$tmp/app-1.0/app"
chmod 755 "$tmp/app-1.0/app"
head -c 4096 /dev/urandom | base64 > "$tmp/app-1.0/data.txt"   # every lab signs its own bytes
tar -C "$tmp" -czf /var/www/secure/release/app-1.0.tar.gz app-1.0
rm -rf "$tmp"
nginx
wait_for -t 10 sh -c 'ss -Htln "sport = :80" | grep -q .' || broken "nginx does not listen on port 80"
