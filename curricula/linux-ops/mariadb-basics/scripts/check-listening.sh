set -eu
# On db: MariaDB runs, with networking on, bound to an address app can reach.
pgrep -x mariadbd >/dev/null || pgrep -x mysqld >/dev/null ||
  fail "MariaDB is not running on db: service mariadb start (if it fails, /var/log/mysql/error.log says why)"
vars=$(mariadb -N -B -e 'SELECT @@bind_address, @@skip_networking, @@port' 2>&1) ||
  fail "mariadbd runs, but root on db cannot log in over the socket (mariadb): $(printf '%s\n' "$vars" | head -n 1)"
set -- $vars
bind=$1 skipnet=$2 port=$3
[ "$skipnet" = 0 ] ||
  fail "MariaDB runs with skip-networking: it takes no TCP connections at all, only the local socket. Remove skip-networking from its configuration (grep -r skip.networking /etc/mysql) and restart it"
[ "$port" = 3306 ] || fail "MariaDB listens on port $port: keep the standard 3306"
# What the configuration files say now (the last bind-address wins).
conf=$(my_print_defaults --mysqld 2>/dev/null | sed -n 's/^--bind[-_]address=//p' | tail -n 1)
case "$bind" in
  0.0.0.0 | '*' | '::' | "$DB_IP") ;;
  127.0.0.1 | localhost | ::1)
    case "$conf" in
      0.0.0.0 | '*' | '::' | "$DB_IP")
        fail "the configuration now says bind-address = $conf, but the running MariaDB still listens on $bind: it reads bind-address only when it starts. service mariadb restart" ;;
    esac
    fail "MariaDB listens on $bind only (bind-address in /etc/mysql/mariadb.conf.d/50-server.cnf), so nothing outside db can connect: set bind-address = 0.0.0.0 (or db's address $DB_IP) and restart it" ;;
  *) fail "MariaDB is bound to $bind, which is not an address of db ($DB_IP): bind-address = 0.0.0.0 or $DB_IP, then restart" ;;
esac
pass "MariaDB runs on db and listens on $bind port 3306"
