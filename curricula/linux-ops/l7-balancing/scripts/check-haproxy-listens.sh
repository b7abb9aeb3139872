set -eu
# Who listens on port 8080 on lb, and on which addresses (listening, scripts/lib.sh).
listening 8080
[ -n "$listeners" ] ||
  fail "nothing listens on port 8080 on lb: add a frontend with 'bind :8080' to /etc/haproxy/haproxy.cfg, test it (haproxy -c -f /etc/haproxy/haproxy.cfg) and start HAProxy (service haproxy restart)"
[ "$owner" = haproxy ] ||
  fail "port 8080 on lb belongs to ${owner:-an unknown process}, not HAProxy: this task is HAProxy's (nginx keeps port 80)"

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
  fail "$(echo $pids | wc -w) separate HAProxy processes run on lb (PIDs ${pids% }), and the kernel spreads connections among them, so the old ones still serve an old configuration. In this lab 'service haproxy restart' and 'stop' cannot stop a running HAProxy: kill ${pids% }, then service haproxy start; after later edits use service haproxy reload"
fi
case " $addrs" in
  *" 0.0.0.0:8080 "* | *" *:8080 "* | *" [::]:8080 "* | *" $LB_IP:8080 "*) ;;
  *) fail "HAProxy on lb listens on ${addrs% } only, so the client cannot reach it at $LB_IP:8080: use 'bind :8080' (or 'bind $LB_IP:8080')" ;;
esac

# Server states from HAProxy's runtime socket, when the configuration keeps one (Debian's
# default does: stats socket /run/haproxy/admin.sock). Without it, the behaviour checks decide.
sock=$(awk '$1 == "stats" && $2 == "socket" { print $3; exit }' /etc/haproxy/haproxy.cfg 2>/dev/null || true)
if [ -z "$sock" ] || [ ! -S "$sock" ]; then
  pass "HAProxy listens on port 8080 on lb (${addrs% }); no stats socket, so server states were not read"
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
[ -n "$list" ] || pass "HAProxy listens on port 8080 on lb (${addrs% }); its stats socket lists no servers"

for host in web1 web2; do
  case $host in web1) ip=$WEB1_IP ;; *) ip=$WEB2_IP ;; esac
  rows=$(printf '%s\n' "$list" | awk -F'|' -v ip="$ip" 'index($2, ip ":") == 1')
  [ -n "$rows" ] ||
    fail "no HAProxy backend has a server for $host ($ip:80): add 'server $host $ip:80 check' to the backend behind port 8080"
  while IFS='|' read -r name addr status cstatus ccode; do
    case "$status" in
      "no check")
        fail "HAProxy does not health-check $host ($name, $addr): add 'check' to its server line, and 'option httpchk GET /health' to the backend" ;;
      MAINT*)
        fail "$host is in maintenance in HAProxy ($name is $status): 'disabled' on its server line, or 'set server $name state ready' on the runtime socket" ;;
    esac
    case "$cstatus" in
      L4OK)
        fail "HAProxy only checks that $host accepts TCP connections ($name: check_status L4OK): make it an HTTP check with 'option httpchk GET /health' in the backend" ;;
    esac
    case "$status" in
      UP*) ;;
      *)
        if [ "$ccode" = 405 ]; then
          fail "HAProxy marks $host DOWN: its HTTP check got 405 Method Not Allowed. 'option httpchk' without a URI sends OPTIONS /, which nginx refuses: use 'option httpchk GET /health'"
        fi
        fail "HAProxy marks $host DOWN ($name: status $status, check_status ${cstatus:-none}${ccode:+, HTTP status $ccode}): does the health check ask for a path that answers 200, such as GET /health?"
        ;;
    esac
  done <<ROWS
$rows
ROWS
done
pass "HAProxy listens on port 8080 on lb (${addrs% }) and health-checks web1 and web2 over HTTP; both are UP"
