# Shared functions of lvs-schedulers (the exercise prelude: functions only, no commands).
# The real servers, as "name address" lines.
sched_reals() {
  printf '%s %s\n' rs1 "$RS1_IP" rs2 "$RS2_IP" rs3 "$RS3_IP"
}

# expect_service PORT SCHED PERSIST RPORT WEIGHTS (on director): fails, naming the mistake,
# unless `ipvsadm -Ln` has TCP VIP:PORT with scheduler SCHED, persistence PERSIST seconds
# (0: none), rs1..rs3 on port RPORT, all Masq, weights > 0, and, when WEIGHTS is "W1 W2 W3"
# rather than "any", weights in that ratio. Sets svc_summary for the pass message.
expect_service() {
  _port=$1 _want=$2 _persist=$3 _rport=$4 _weights=$5
  _svc="$VIP:$_port"
  _p=''
  [ "$_persist" = 0 ] || _p=" -p $_persist"
  _out=$(ipvsadm -Ln 2>&1) || broken "ipvsadm -Ln failed on director: $_out"
  _line=$(printf '%s\n' "$_out" | awk -v s="$_svc" '$1 == "TCP" && $2 == s')
  _real=$(printf '%s\n' "$_out" | awk -v s="$_svc" '
    $1 == "TCP" || $1 == "UDP" || $1 == "FWM" { on = ($1 == "TCP" && $2 == s); next }
    on && $1 == "->" { print $2, $3, $4 }')
  if [ -z "$_line" ]; then
    _others=$(printf '%s\n' "$_out" | awk '$1 == "TCP" || $1 == "UDP" || $1 == "FWM" { printf "%s%s %s", sep, $2, $3; sep = ", " }')
    fail "no virtual service on TCP $_svc${_others:+ (ipvsadm -Ln has $_others)}: ipvsadm -A -t $_svc -s $_want$_p"
  fi
  _sched=$(printf '%s\n' "$_line" | awk '{ print $3 }')
  _secs=$(printf '%s\n' "$_line" | awk '{ for (i = 1; i < NF; i++) if ($i == "persistent") print $(i + 1) }')
  if [ "$_persist" = 0 ] && [ -n "$_secs" ]; then
    fail "TCP $_svc is persistent ($_secs s, -p): the first connection of a client picks a server with $_sched and every later one from that client follows a template to the same server, so $_want never gets to decide again. This service must not persist: ipvsadm -E -t $_svc -s $_want"
  fi
  if [ "$_persist" != 0 ] && [ -z "$_secs" ]; then
    fail "TCP $_svc $_sched is not persistent: without -p every new connection is scheduled afresh and one client is sent round the servers. ipvsadm -E -t $_svc -s $_want -p $_persist"
  fi
  if [ "$_persist" != 0 ] && [ "$_secs" != "$_persist" ]; then
    fail "TCP $_svc is persistent for $_secs s; the task asks for $_persist s (ipvsadm -E -t $_svc -s $_want -p $_persist). -p without a number gives the default (360 s with this ipvsadm)"
  fi
  if [ "$_sched" != "$_want" ]; then
    case "$_sched" in
      wlc) fail "the scheduler of TCP $_svc is wlc, which is what ipvsadm -A and -E choose when -s is missing: ipvsadm -E -t $_svc -s $_want$_p" ;;
      *) fail "the scheduler of TCP $_svc is $_sched; this task asks for $_want: ipvsadm -E -t $_svc -s $_want$_p" ;;
    esac
  fi
  [ -n "$_real" ] || fail "TCP $_svc has no real servers: ipvsadm -a -t $_svc -r $RS1_IP:$_rport -m (and rs2, rs3)"
  while read -r _addr _; do
    case "${_addr%:*}" in
      "$RS1_IP" | "$RS2_IP" | "$RS3_IP") ;;
      *) fail "$_addr is a real server of TCP $_svc, but it is none of rs1 ($RS1_IP), rs2 ($RS2_IP), rs3 ($RS3_IP): ipvsadm -d -t $_svc -r $_addr" ;;
    esac
  done <<REAL
$_real
REAL
  _bad='' _kind='' _ws=''
  while read -r _name _ip; do
    _entry=$(printf '%s\n' "$_real" | awk -v ip="$_ip" '{ split($1, a, ":"); if (a[1] == ip) print }')
    [ -n "$_entry" ] || fail "$_name ($_ip) is not a real server of TCP $_svc: ipvsadm -a -t $_svc -r $_ip:$_rport -m"
    set -- $_entry
    [ "${1##*:}" = "$_rport" ] ||
      fail "$_name is a real server of TCP $_svc on port ${1##*:}, but the service behind it listens on $_rport (NAT may change the port): ipvsadm -d -t $_svc -r $1; ipvsadm -a -t $_svc -r $_ip:$_rport -m"
    if [ "$3" = 0 ]; then
      case "$_want" in
        sh) fail "$_name has weight 0 on TCP $_svc. Weight 0 means quiescent; sh still hashes some source addresses to it and then refuses them instead of moving them (unless --sched-flags sh-fallback): ipvsadm -e -t $_svc -r $_ip:$_rport -m -w 1" ;;
        *) fail "$_name has weight 0 on TCP $_svc (quiescent): $_want sends it no new connections at all. ipvsadm -e -t $_svc -r $_ip:$_rport -m -w 1" ;;
      esac
    fi
    if [ "$2" != Masq ]; then
      _bad="$_bad${_bad:+ and }$_name"
      _kind=$2
    fi
    _ws="$_ws${_ws:+ }$3"
  done <<RS
$(sched_reals)
RS
  if [ -n "$_bad" ]; then
    case "$_kind" in
      Route) _how='-g (Forward: Route), what -a and -e pick when given no -m, -g or -i' ;;
      Tunnel) _how='-i (Forward: Tunnel)' ;;
      *) _how="a method other than -m (Forward: $_kind)" ;;
    esac
    fail "$_bad on TCP $_svc: added with $_how. This is a NAT lab: ipvsadm -e -t $_svc -r RIP:$_rport -m (-e needs the method again, or it falls back to -g)"
  fi
  svc_summary="TCP $_svc $_sched${_secs:+ persistent $_secs}: rs1 rs2 rs3 on port $_rport, Masq, weights $_ws"
  [ "$_weights" = any ] && return 0
  # The ratio: w_i * want_j == w_j * want_i for every pair.
  set -- $_ws $_weights
  if [ $(($1 * $5)) -ne $(($2 * $4)) ] || [ $(($1 * $6)) -ne $(($3 * $4)) ]; then
    fail "the weights on TCP $_svc are rs1 $1, rs2 $2, rs3 $3; the task asks for $4:$5:$6 (ipvsadm -e -t $_svc -r $RS1_IP:$_rport -m -w $4, and the same for rs2 and rs3)"
  fi
  return 0
}

# ask PORT [SRC] (on client): one GET to VIP:PORT on a new connection, from SRC if given.
# Sets `got` to the name of the server that answered; fails with the likely cause otherwise.
ask() {
  _rc=0
  if [ -n "${2:-}" ]; then
    got=$(http_get "http://$VIP:$1/" --connect-timeout 4 --interface "$2" 2>/dev/null) || _rc=$?
  else
    got=$(http_get "http://$VIP:$1/" --connect-timeout 4 2>/dev/null) || _rc=$?
  fi
  got=$(printf %s "$got" | tr -d '\r' | head -n 1)
  case "$_rc" in
    0) ;;
    7)
      [ -z "${ask_refused:-}" ] || fail "a connection to $VIP:$1${2:+ from $2} was refused: $ask_refused"
      fail "a connection to $VIP:$1${2:+ from $2} was refused: no virtual service on TCP $VIP:$1 (the director's own kernel resets it), or real servers on a port where nothing listens (nginx listens on 80), or, under sh, a source hashed to a server of weight 0" ;;
    28) fail "a connection to $VIP:$1${2:+ from $2} timed out: the director took the SYN but no answer came back. Were the real servers added with -m (Masq)? Without it they are Route (-g) and get packets addressed to the VIP, which they do not have" ;;
    *) fail "a request to $VIP:$1${2:+ from $2} failed (curl exit $_rc)" ;;
  esac
  case "$got" in
    rs1 | rs2 | rs3) ;;
    *) fail "a request to $VIP:$1 got an answer from none of rs1, rs2, rs3 ($(printf %s "$got" | cut -c1-60)): are the real servers on the right port (nginx on 80, hold on 9000)?" ;;
  esac
}

# tally NAMES...: "rs1 N, rs2 N, rs3 N" for a list of server names.
tally() {
  printf '%s\n' "$@" | awk '{ n[$1]++ } END { printf "rs1 %d, rs2 %d, rs3 %d", n["rs1"], n["rs2"], n["rs3"] }'
}

# holds PORT STEP... (on client): held connections to the `hold` service at VIP:PORT, which
# answers a server name and keeps the connection open until the client closes it. Steps:
#   o   open a new connection and read who answered;
#   cN  close the Nth connection opened (1-based), waiting for the server's close too;
#   cL  close the first open connection whose server is in $LIGHT and is not the server of
#       connection 1 (for wlc: the server that wrr would not pick next).
# Prints one line per step: "open N rsX", "close N rsX", or "error N refused|timeout|...".
holds() {
  python3 - "$VIP" "$@" <<'PY'
import socket, sys, time
vip, port, steps = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
import os
light = os.environ.get("LIGHT", "").split()
conns = []  # [socket or None, server]

def open_one(n):
    s = socket.socket()
    s.settimeout(4)
    try:
        s.connect((vip, port))
    except ConnectionRefusedError:
        return "refused"
    except (socket.timeout, TimeoutError):
        return "timeout"
    except OSError as e:
        return "connect:" + (e.strerror or str(e)).replace(" ", "_")
    buf = b""
    try:
        while b"\n" not in buf:
            d = s.recv(100)
            if not d:
                break
            buf += d
    except (socket.timeout, TimeoutError):
        return "silent"
    except OSError:
        return "reset"
    name = buf.decode("utf-8", "replace").strip()
    if name not in ("rs1", "rs2", "rs3"):
        return "answer:" + (name[:40].replace(" ", "_") or "nothing")
    conns.append([s, name])
    return None

def close_one(i):
    s = conns[i][0]
    if s is None:
        return
    try:
        s.shutdown(socket.SHUT_WR)
        s.settimeout(3)
        while s.recv(100):
            pass
    except OSError:
        pass
    s.close()
    conns[i][0] = None
    time.sleep(0.2)

for step in steps:
    if step == "o":
        err = open_one(len(conns) + 1)
        if err:
            print("error", len(conns) + 1, err, flush=True)
            break
        print("open", len(conns), conns[-1][1], flush=True)
    elif step == "cL":
        first = conns[0][1] if conns else None
        pick = [i for i, c in enumerate(conns) if c[0] is not None and c[1] in light and c[1] != first]
        if pick:
            close_one(pick[0])
            print("close", pick[0] + 1, conns[pick[0]][1], flush=True)
    else:
        i = int(step[1:]) - 1
        if 0 <= i < len(conns):
            close_one(i)
            print("close", i + 1, conns[i][1], flush=True)
for i in range(len(conns)):
    close_one(i)
PY
}

# hold_error N WHAT PORT: fail for an "error N WHAT" line of holds.
hold_error() {
  case "$2" in
    refused) fail "held connection $1 to $VIP:$3 was refused: no virtual service on TCP $VIP:$3 (the director's own kernel resets it), or real servers added on a port where nothing listens (hold listens on 9000)" ;;
    timeout) fail "held connection $1 to $VIP:$3 timed out: the director took the SYN but nothing came back. Were the real servers added with -m (Masq)? Route (-g) hands them packets addressed to the VIP, which they do not have" ;;
    silent) fail "held connection $1 to $VIP:$3 was accepted but nothing was said: is the service pointing at port 9000 of the real servers, where hold answers its name at once?" ;;
    *) fail "held connection $1 to $VIP:$3 failed ($2): the real servers should be on port 9000, where hold answers its name" ;;
  esac
}
