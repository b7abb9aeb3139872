set -eu
cat > /etc/nginx/sites-available/shop <<'CONF'
server {
    listen 80;
    server_name shop.lab;
    root /var/www/shop;
    index index.html;
    error_page 404 /404.html;

    location / {
        try_files $uri $uri/ =404;
    }

    location /static/ {
        alias /srv/shop-static/;
    }
}
CONF
nginx -t
if pgrep -x nginx >/dev/null; then nginx -s reload; sleep 1; else nginx; fi
