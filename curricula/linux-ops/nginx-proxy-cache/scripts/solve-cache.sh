set -eu
# nginx on cache: a reverse proxy to the origin with a cache of its own.
# The cache itself (http context: every file in conf.d/ is inside it). levels=1:2 spreads the
# files over subdirectories; keys_zone keeps the keys in 10 MB of shared memory (about 80 000
# keys); max_size bounds the disk; inactive drops entries nobody asked for in 10 minutes.
# nginx creates the last directory of the path only
mkdir -p /var/cache/nginx
cat > /etc/nginx/conf.d/shop-cache.conf <<'CONF'
proxy_cache_path /var/cache/nginx/shop levels=1:2 keys_zone=shop:10m
                 max_size=100m inactive=10m use_temp_path=off;
CONF

cat > /etc/nginx/sites-available/shop <<CONF
server {
    listen 80 default_server;

    location / {
        proxy_pass http://$ORIGIN_IP:8080;
        proxy_set_header Host \$host;

        proxy_cache shop;
        # no proxy_cache_key: the default keys on the upstream's URL and the URI with its
        # arguments, so ?page=1 and ?page=2 are two entries
        # 200 answers are kept 1 minute when the origin says nothing about caching
        proxy_cache_valid 200 1m;
        add_header X-Cache-Status \$upstream_cache_status always;
    }
}
CONF
rm -f /etc/nginx/sites-enabled/default
ln -sf ../sites-available/shop /etc/nginx/sites-enabled/shop
nginx -t
if [ -s /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then nginx -s reload; else nginx; fi
