# Shared functions of lvs-schedulers (the exercise prelude: functions only, no commands). The
# course prelude (curricula/linux-ops/lib/lvs.sh) checks the services: lvs_expect_service.

# ask PORT [SRC] (on client): one GET to VIP:PORT on a new connection, from SRC if given.
# Sets `got` to the name of the server that answered; fails with the likely cause otherwise.
# A script may set ask_refused to a message key of its own for a refused connection (one that
# says more than ask-refused can); like every key of ask, it needs a KEY-from twin, said when
# the request went out from SRC.
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
      [ -z "${ask_refused:-}" ] || ask_fail "$ask_refused" "$1" "${2:-}"
      ask_fail ask-refused "$1" "${2:-}" ;;
    28) ask_fail ask-timeout "$1" "${2:-}" ;;
    *) ask_fail ask-failed "$1" "${2:-}" rc="$_rc" ;;
  esac
  case "$got" in
    rs1 | rs2 | rs3) ;;
    *) fail_t ask-not-a-real-server vip="$VIP" port="$1" answer="$(printf %s "$got" | cut -c1-60)" ;;
  esac
}

# ask_fail KEY PORT SRC [NAME=VALUE...]: fail_t KEY about a request to VIP:PORT, or KEY-from when
# it went out from SRC (not empty), with the arguments vip, port, src and the NAME=VALUEs.
# message keys: ask-refused ask-refused-from ask-timeout ask-timeout-from ask-failed ask-failed-from
ask_fail() {
  local key=$1 port=$2 src=$3
  shift 3
  [ -z "$src" ] || fail_t "$key-from" vip="$VIP" port="$port" src="$src" "$@"
  fail_t "$key" vip="$VIP" port="$port" "$@"
}

# asks N PORT [SRC] (on client): N requests with ask, one after the other. Sets `seq` to the
# names of the servers that answered, in order, separated by spaces.
asks() {
  local i=0
  seq=''
  while [ "$i" -lt "$1" ]; do
    i=$((i + 1))
    ask "$2" ${3:+"$3"}
    seq="$seq${seq:+ }$got"
  done
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
  local held=$1 err=$2 port=$3
  case "$err" in
    refused) fail_t hold-refused held="$held" vip="$VIP" port="$port" ;;
    timeout) fail_t hold-timeout held="$held" vip="$VIP" port="$port" ;;
    silent) fail_t hold-silent held="$held" vip="$VIP" port="$port" ;;
    *) fail_t hold-failed held="$held" vip="$VIP" port="$port" err="$err" ;;
  esac
}
