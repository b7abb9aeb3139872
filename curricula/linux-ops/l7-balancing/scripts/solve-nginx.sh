set -eu
cat > /etc/nginx/sites-available/balancer <<CONF
upstream backends {
    # round robin is the default method; the zone shares its position between worker processes
    zone backends 64k;
    server $WEB1_IP:80;
    server $WEB2_IP:80;
}

server {
    listen 80 default_server;

    location / {
        proxy_pass http://backends;
        proxy_set_header Host \$host;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
}
CONF
rm -f /etc/nginx/sites-enabled/default
ln -sf ../sites-available/balancer /etc/nginx/sites-enabled/balancer
nginx -t
if [ -s /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then nginx -s reload; else nginx; fi
