set -eu
mkdir -p /srv/shop-static
echo 'SHOP-LOGO' > /srv/shop-static/logo.txt
printf 'body { font-family: sans-serif; }\n' > /srv/shop-static/style.css
chmod 755 /srv/shop-static
chmod 644 /srv/shop-static/logo.txt /srv/shop-static/style.css
