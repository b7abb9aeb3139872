set -eu
sed -i 's/^bind-address.*/bind-address            = 0.0.0.0/' /etc/mysql/mariadb.conf.d/50-server.cnf
if pgrep -x mariadbd >/dev/null; then service mariadb restart; else service mariadb start; fi
ss -ltn 'sport = :3306'
