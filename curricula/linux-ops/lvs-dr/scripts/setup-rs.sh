set -eu
# Each real server serves one line naming itself, so answers can be counted at the client.
# nginx listens on port 80 of every address: of the VIP too, once the learner adds it to lo.
mkdir -p /var/www/rs
printf '%s\n' "$OPSLAB_HOST" > /var/www/rs/index.html
cat > /etc/nginx/sites-available/rs <<'CONF'
# Real server of the lvs-dr lab (set up by the lab; no need to change it).
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
# on a real server would bounce packets for a VIP it does not hold back onto the LAN.
sysctl -w net.ipv4.ip_forward=0
