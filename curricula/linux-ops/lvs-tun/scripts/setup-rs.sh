set -eu
# Each real server serves one line naming itself on port 80 of every address (the VIP on
# tunl0 too, once the learner adds it).
mkdir -p /var/www/rs
printf '%s\n' "$OPSLAB_HOST" > /var/www/rs/index.html
cat > /etc/nginx/sites-available/rs <<'CONF'
# Real server of the lvs-tun lab (set up by the lab; no need to change it).
server {
    listen 80 default_server;
    root /var/www/rs;
    index index.html;
}
CONF
rm -f /etc/nginx/sites-enabled/default
ln -sf ../sites-available/rs /etc/nginx/sites-enabled/rs
nginx -t 2>&1
nginx
sysctl -w net.ipv4.ip_forward=0
# Strict reverse-path filtering, as many distributions ship it (RHEL: 1): the learner must
# relax it for packets that come out of the tunnel.
sysctl -w net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1
[ -d /proc/sys/net/ipv4/conf/tunl0 ] && sysctl -w net.ipv4.conf.tunl0.rp_filter=1
true
