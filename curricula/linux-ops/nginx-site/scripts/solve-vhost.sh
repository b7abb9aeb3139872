set -eu
mkdir -p /var/www/shop
echo '<h1>Welcome to the lab shop</h1>' > /var/www/shop/index.html
cat > /etc/nginx/sites-available/shop <<'CONF'
server {
    listen 80;
    server_name shop.lab;
    root /var/www/shop;
    index index.html;

    location / {
        try_files $uri $uri/ =404;
    }
}
CONF
ln -sf ../sites-available/shop /etc/nginx/sites-enabled/shop
nginx -t
if pgrep -x nginx >/dev/null; then nginx -s reload; sleep 1; else nginx; fi
