set -eu
# On db: MariaDB runs, with networking on, bound to an address app can reach.
pgrep -x mariadbd >/dev/null || pgrep -x mysqld >/dev/null ||
  fail_t mariadb-not-running
vars=$(mariadb -N -B -e 'SELECT @@bind_address, @@skip_networking, @@port' 2>&1) ||
  fail_t root-socket-login-fails out="$(printf '%s\n' "$vars" | head -n 1)"
set -- $vars
bind=$1 skipnet=$2 port=$3
[ "$skipnet" = 0 ] ||
  fail_t skip-networking
[ "$port" = 3306 ] || fail_t wrong-port port="$port"
# What the configuration files say now (the last bind-address wins).
conf=$(my_print_defaults --mysqld 2>/dev/null | sed -n 's/^--bind[-_]address=//p' | tail -n 1)
case "$bind" in
  0.0.0.0 | '*' | '::' | "$DB_IP") ;;
  127.0.0.1 | localhost | ::1)
    case "$conf" in
      0.0.0.0 | '*' | '::' | "$DB_IP")
        fail_t bind-not-restarted conf="$conf" bind="$bind" ;;
    esac
    fail_t bind-loopback-only bind="$bind" db_ip="$DB_IP" ;;
  *) fail_t bind-foreign-address bind="$bind" db_ip="$DB_IP" ;;
esac
pass_t listening-ok bind="$bind"
