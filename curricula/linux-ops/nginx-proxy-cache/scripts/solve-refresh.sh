set -eu
# Refresh one URL: a request with "X-Cache-Refresh: 1" from the cache host itself skips the
# cached copy, fetches a new one from the origin and stores it. From anywhere else the header
# is ignored (geo decides who is trusted; map combines both).
cat > /etc/nginx/conf.d/shop-refresh.conf <<'CONF'
geo $refresh_trusted {
    default    0;
    127.0.0.1  1;
}
map "$refresh_trusted:$http_x_cache_refresh" $cache_refresh {
    default  "";
    "~^1:.+" 1;
}
CONF
cat > /etc/nginx/sites-available/shop <<CONF
server {
    listen 80 default_server;

    proxy_set_header Host \$host;
    proxy_cache shop;
    proxy_cache_valid 200 1m;
    add_header X-Cache-Status \$upstream_cache_status always;
    # a trusted refresh: skip the cached copy, and store the answer in its place
    proxy_cache_bypass \$cache_refresh;

    location / {
        proxy_pass http://$ORIGIN_IP:8080;
    }

    location /news/ {
        proxy_pass http://$ORIGIN_IP:8080;
        proxy_ignore_headers Cache-Control Expires Set-Cookie;
        proxy_hide_header Set-Cookie;
        proxy_cache_valid 200 10s;
    }

    location /account/ {
        proxy_pass http://$ORIGIN_IP:8080;
        proxy_no_cache \$http_authorization \$cookie_session;
        # this list replaces the server's proxy_cache_bypass here: nothing is cached anyway
        proxy_cache_bypass \$http_authorization \$cookie_session;
    }
}
CONF
nginx -t
nginx -s reload
