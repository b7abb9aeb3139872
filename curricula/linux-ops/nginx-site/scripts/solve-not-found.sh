set -eu
echo '<h1>Sorry, not in stock</h1>' > /var/www/shop/404.html
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
}
CONF
nginx -t
if pgrep -x nginx >/dev/null; then nginx -s reload; sleep 1; else nginx; fi
