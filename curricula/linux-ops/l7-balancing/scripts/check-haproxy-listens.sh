set -eu
# Who listens on port 8080 on lb, and on which addresses (listening, scripts/lib.sh).
listening 8080
[ -n "$listeners" ] ||
  fail_t haproxy-not-listening
if [ "$owner" != haproxy ]; then
  [ -n "$owner" ] || fail_t haproxy-port-unknown-owner
  fail_t haproxy-port-other-owner owner="$owner"
fi

# Independent HAProxy processes share the port (SO_REUSEPORT) and the kernel spreads connections
# among them, so an old one keeps serving an old configuration. In these lab hosts
# `service haproxy stop|restart` cannot stop HAProxy: start-stop-daemon --exec must read
# /proc/PID/exe, which an undumpable process (HAProxy after dropping root) hides without
# CAP_SYS_PTRACE. `reload` works (the new process tells the old ones to finish).
instances() { # PIDs of haproxy processes whose parent is not a haproxy process
  ps -eo pid=,ppid=,comm= | awk '$3 == "haproxy" { parent[$1] = $2 } END { for (p in parent) if (!(parent[p] in parent)) print p }' | sort -n | tr '\n' ' '
}
one_instance() { set -- $(instances); [ "$#" -le 1 ]; }
if ! wait_for -t 4 one_instance >/dev/null; then
  pids=$(instances)
  fail_t haproxy-several-processes count="$(echo $pids | wc -w)" pids="${pids% }"
fi
case " $addrs" in
  *" 0.0.0.0:8080 "* | *" *:8080 "* | *" [::]:8080 "* | *" $LB_IP:8080 "*) ;;
  *) fail_t haproxy-bind-address addrs="${addrs% }" lb_ip="$LB_IP" ;;
esac

# Server states from HAProxy's runtime socket, when the configuration keeps one (Debian's
# default does: stats socket /run/haproxy/admin.sock). Without it, the behaviour checks decide.
sock=$(awk '$1 == "stats" && $2 == "socket" { print $3; exit }' /etc/haproxy/haproxy.cfg 2>/dev/null || true)
if [ -z "$sock" ] || [ ! -S "$sock" ]; then
  pass_t haproxy-listens-no-socket addrs="${addrs% }"
fi
# One line per server: name|addr|status|check_status|check_code (columns found by header name).
servers() {
  echo 'show stat' | socat -t 2 stdio "UNIX-CONNECT:$sock" 2>/dev/null | awk -F, '
    NR == 1 { sub(/^# */, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["type"] == 2 { print $col["pxname"] "/" $col["svname"] "|" $col["addr"] "|" $col["status"] "|" $col["check_status"] "|" $col["check_code"] }'
}
# Right after a (re)start the first checks may still be pending ("INI"): give them a moment.
settled() {
  s=$(servers)
  [ -n "$s" ] || return 1
  printf '%s\n' "$s" | awk -F'|' '$4 == "INI" || $4 == "" && $3 !~ /no check|MAINT/ { bad = 1 } END { exit bad }' || return 1
  printf '%s\n' "$s"
}
list=$(wait_for -t 8 settled || servers)
[ -n "$list" ] || pass_t haproxy-listens-no-servers addrs="${addrs% }"

for host in web1 web2; do
  case $host in web1) ip=$WEB1_IP ;; *) ip=$WEB2_IP ;; esac
  rows=$(printf '%s\n' "$list" | awk -F'|' -v ip="$ip" 'index($2, ip ":") == 1')
  [ -n "$rows" ] ||
    fail_t haproxy-server-missing host="$host" ip="$ip"
  while IFS='|' read -r name addr status cstatus ccode; do
    case "$status" in
      "no check")
        fail_t haproxy-no-check host="$host" name="$name" addr="$addr" ;;
      MAINT*)
        fail_t haproxy-server-maint host="$host" name="$name" status="$status" ;;
    esac
    case "$cstatus" in
      L4OK)
        fail_t haproxy-tcp-check host="$host" name="$name" ;;
    esac
    case "$status" in
      UP*) ;;
      *)
        if [ "$ccode" = 405 ]; then
          fail_t haproxy-check-405 host="$host"
        fi
        # No check_status (no check has run yet): the keys ending -no-check-status.
        cs_form=''
        [ -n "$cstatus" ] || cs_form=-no-check-status
        [ -z "$ccode" ] ||
          fail_t "haproxy-server-down-code$cs_form" host="$host" name="$name" status="$status" check_status="$cstatus" ccode="$ccode"
        fail_t "haproxy-server-down$cs_form" host="$host" name="$name" status="$status" check_status="$cstatus"
        ;;
    esac
  done <<ROWS
$rows
ROWS
done
pass_t haproxy-listens-ok addrs="${addrs% }"
