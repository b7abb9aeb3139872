# Shared functions of lvs-schedulers (the exercise prelude: functions only, no commands). The
# course prelude (curricula/linux-ops/lib/lvs.sh) checks the services: lvs_expect_service.

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
  case "$2" in
    refused) fail "held connection $1 to $VIP:$3 was refused: no virtual service on TCP $VIP:$3 (the director's own kernel resets it), or real servers added on a port where nothing listens (hold listens on 9000)" ;;
    timeout) fail "held connection $1 to $VIP:$3 timed out: the director took the SYN but nothing came back. Were the real servers added with -m (Masq)? Route (-g) hands them packets addressed to the VIP, which they do not have" ;;
    silent) fail "held connection $1 to $VIP:$3 was accepted but nothing was said: is the service pointing at port 9000 of the real servers, where hold answers its name at once?" ;;
    *) fail "held connection $1 to $VIP:$3 failed ($2): the real servers should be on port 9000, where hold answers its name" ;;
  esac
}
