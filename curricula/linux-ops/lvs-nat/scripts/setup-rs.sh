set -eu
# Each real server serves one line naming itself, so answers can be counted at the client.
# nginx listens on every address, port 80 (the VIP is never on a NAT real server).
mkdir -p /var/www/rs
printf '%s\n' "$OPSLAB_HOST" > /var/www/rs/index.html
cat > /etc/nginx/sites-available/rs <<'CONF'
# Real server of the lvs-nat lab (set up by the lab; no need to change it).
server {
    listen 80 default_server;
    root /var/www/rs;
    index index.html;
    access_log /var/log/nginx/rs-access.log;
}
CONF
rm -f /etc/nginx/sites-enabled/default
ln -sf ../sites-available/rs /etc/nginx/sites-enabled/rs
nginx -t 2>&1
nginx
# A real server is not a router (a container inherits its engine's ip_forward=1). Forwarding
# here would bounce a packet still addressed to the VIP (a server added with -g) back to the
# director instead of dropping it.
sysctl -w net.ipv4.ip_forward=0
