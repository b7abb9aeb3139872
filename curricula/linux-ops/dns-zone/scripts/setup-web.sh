set -eu
# web serves one page over HTTP, so that client can prove a name works end to end.
echo "<h1>Hello from web.lab.test</h1>" > /var/www/html/index.html
rm -f /var/www/html/index.nginx-debian.html
nginx
