set -eu
echo "$WEB_IP shop.lab" >> /etc/hosts
getent hosts shop.lab
