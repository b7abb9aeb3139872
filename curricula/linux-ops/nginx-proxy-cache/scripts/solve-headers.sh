set -eu
# The origin's headers: honoured by default (/prices/: max-age=3), overridden where the origin
# is wrong (/news/: no-store and a tracking cookie on a public page), and no caching at all of
# authenticated answers (/account/: the origin sends no caching headers there).
cat > /etc/nginx/sites-available/shop <<CONF
server {
    listen 80 default_server;

    # inherited by every location below
    proxy_set_header Host \$host;
    proxy_cache shop;
    proxy_cache_valid 200 1m;
    add_header X-Cache-Status \$upstream_cache_status always;

    location / {
        proxy_pass http://$ORIGIN_IP:8080;
    }

    # Public news pages: the CMS sends no-store and sets a tracking cookie on every page.
    # Cache them 10 s anyway, and never hand the cookie out with the cached copy.
    location /news/ {
        proxy_pass http://$ORIGIN_IP:8080;
        proxy_ignore_headers Cache-Control Expires Set-Cookie;
        proxy_hide_header Set-Cookie;
        proxy_cache_valid 200 10s;
    }

    # Accounts: one page per user. Neither store nor serve a copy for a request that carries
    # credentials or a session cookie (the origin sends no Cache-Control to say so).
    location /account/ {
        proxy_pass http://$ORIGIN_IP:8080;
        proxy_no_cache \$http_authorization \$cookie_session;
        proxy_cache_bypass \$http_authorization \$cookie_session;
    }
}
CONF
nginx -t
nginx -s reload
