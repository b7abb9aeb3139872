set -eu
sysctl -w net.ipv4.ip_forward=0 >/dev/null
# nginx on port 80: a small page, and a bigger file to try large transfers with. Nothing on 8080.
echo "hello from server" > /var/www/html/index.html
head -c 300000 /dev/urandom > /var/www/html/big.bin
nginx
