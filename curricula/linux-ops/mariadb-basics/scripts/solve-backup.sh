set -eu
mariadb-dump shop > /root/shop.sql
grep -c 'INSERT INTO' /root/shop.sql
