set -eu
# On web: a TLS server block for secure.lab, TLS 1.2 and 1.3 only.
cat > /etc/nginx/sites-available/secure <<'CONF'
server {
    listen 443 ssl;
    server_name secure.lab;
    ssl_certificate     /etc/ssl/certs/secure.lab.crt;
    ssl_certificate_key /etc/ssl/private/secure.lab.key;
    ssl_protocols       TLSv1.2 TLSv1.3;
    root /var/www/secure;
}
CONF
ln -sf ../sites-available/secure /etc/nginx/sites-enabled/secure
nginx -t
nginx -s reload
# Publish the CA certificate (public, never the key) on the default site, for client to fetch.
cp /root/ca/ca.crt /var/www/html/lab-ca.crt
openssl x509 -in /root/ca/ca.crt -noout -fingerprint -sha256
