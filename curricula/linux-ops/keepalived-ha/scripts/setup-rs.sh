set -eu
# The real servers are ready for LVS-DR before the learner arrives: this exercise is about
# keepalived. nginx answers one line naming the server on / (and nothing else: any other
# path is a 404), on every address, so the VIP on lo too.
mkdir -p /var/www/rs
printf '%s\n' "$OPSLAB_HOST" > /var/www/rs/index.html
cat > /etc/nginx/sites-available/rs <<'CONF'
# Real server of the keepalived-ha lab (set up by the lab; no need to change it).
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
# DR real server: silent about the VIP (arp_ignore/announce first), then the VIP on lo /32.
sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
ip addr replace "$VIP/32" dev lo
# Not a router (a container inherits its engine's ip_forward=1).
sysctl -w net.ipv4.ip_forward=0
