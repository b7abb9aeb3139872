# opslab's lab-view probe (server/view/probe.ts sends it as `python3 -c`). It runs in a probe
# container that shares one lab host's network namespace and nothing else (its processes are not
# in the learner's `ps`), or, with the argument "engine", in the engine agent (the engine's own
# network namespace). It only reads: netlink dumps (links, addresses, neighbours), /proc/net/raw,
# ipvsadm's listing, and tcpdump on VRRP without promiscuous mode. It never sends a packet into
# the lab and never refreshes a cache. Every change is printed as one JSON line on stdout; a line
# every few seconds even without a change, so a closed stdout (the server went) ends it.
# The image's python3-minimal has no json module: the encoder below is this script's own.
import os, select, socket, struct, subprocess, sys, time

MODE = sys.argv[1] if len(sys.argv) > 1 else 'host'
BRIDGES = sys.argv[2].split(',') if len(sys.argv) > 2 and sys.argv[2] else []
# Seconds between readings, and between the readings that fork (ipvsadm, tc): the server sets them
# per engine (slower under emulation, where every wake-up costs many times more).
TICK = float(sys.argv[3]) if len(sys.argv) > 3 else 0.2
SLOW = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
HEARTBEAT = 3.0
MAX_ROWS = 256


def js(v):
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        out = ['"']
        for ch in v:
            o = ord(ch)
            if ch == '"' or ch == '\\':
                out.append('\\' + ch)
            elif o < 0x20 or o > 0x7e:
                out.append('\\u%04x' % o if o < 0x10000 else '?')
            else:
                out.append(ch)
        out.append('"')
        return ''.join(out)
    if isinstance(v, dict):
        return '{' + ','.join(js(str(k)) + ':' + js(x) for k, x in v.items()) + '}'
    return '[' + ','.join(js(x) for x in v) + ']'


def mac(b):
    return ':'.join('%02x' % x for x in b)


def attrs(data, off):
    out = {}
    while off + 4 <= len(data):
        ln, typ = struct.unpack_from('HH', data, off)
        if ln < 4:
            break
        out[typ & 0x3fff] = data[off + 4:off + ln]
        off += (ln + 3) & ~3
    return out


class Netlink:
    def __init__(self, proto):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
        self.s.bind((0, 0))
        self.seq = 0

    def dump(self, typ, body, flags=0x301):
        self.seq += 1
        self.s.send(struct.pack('IHHII', 16 + len(body), typ, flags, self.seq, 0) + body)
        msgs = []
        while True:
            data = self.s.recv(1 << 16)
            off = 0
            while off + 16 <= len(data):
                ln, t, _f, seq, _p = struct.unpack_from('IHHII', data, off)
                if ln < 16:
                    return msgs
                if seq == self.seq:
                    if t == 3:  # NLMSG_DONE
                        return msgs
                    if t == 2:  # NLMSG_ERROR
                        err = struct.unpack_from('i', data, off + 16)[0]
                        if err:
                            raise OSError(-err, 'netlink error')
                        return msgs
                    msgs.append((t, data[off + 16:off + ln]))
                off += (ln + 3) & ~3
            if not (flags & 0x300):
                return msgs


def links(rt, keep=None):
    out = []
    for _t, m in rt.dump(18, struct.pack('BxHiII', 0, 0, 0, 0, 0)):
        _fam, _typ, index, flags, _ch = struct.unpack_from('BxHiII', m, 0)
        a = attrs(m, 16)
        name = a.get(3, b'').rstrip(b'\0').decode('utf8', 'replace')
        master = struct.unpack('i', a[10])[0] if 10 in a else 0
        link = struct.unpack('i', a[5])[0] if 5 in a else 0
        out.append([index, name, mac(a.get(1, b'')), flags, master, link])
    if keep:
        # The engine's links of these bridges only, chosen before the cap (an engine has thousands).
        ids = {l[0] for l in out if l[1] in keep}
        out = [l for l in out if l[0] in ids or l[4] in ids]
    return out[:MAX_ROWS]


def addrs(rt):
    out = []
    for _t, m in rt.dump(22, struct.pack('BBBBI', socket.AF_INET, 0, 0, 0, 0)):
        _fam, plen, _fl, _scope, index = struct.unpack_from('BBBBI', m, 0)
        a = attrs(m, 8)
        ip = a.get(2) or a.get(1)
        if ip and len(ip) == 4:
            out.append([index, socket.inet_ntoa(ip) + '/' + str(plen)])
    return out[:MAX_ROWS]


NUD = [(0x01, 'INCOMPLETE'), (0x02, 'REACHABLE'), (0x04, 'STALE'), (0x08, 'DELAY'), (0x10, 'PROBE'), (0x20, 'FAILED'), (0x40, 'NOARP'), (0x80, 'PERMANENT')]


def neighbours(rt):
    out = []
    for _t, m in rt.dump(30, struct.pack('BxxxiHBB', socket.AF_INET, 0, 0, 0, 0)):
        _fam, index, state, _fl, _typ = struct.unpack_from('BxxxiHBB', m, 0)
        a = attrs(m, 12)
        ip = a.get(1)
        if not ip or len(ip) != 4:
            continue
        names = [n for bit, n in NUD if state & bit]
        ll = a.get(2)
        out.append([index, socket.inet_ntoa(ip), mac(ll) if ll else None, names[0] if names else 'NONE'])
    return out[:MAX_ROWS]


def vrrp_listening():
    try:
        with open('/proc/net/raw') as f:
            return any(line.split()[1].upper().endswith(':0070') for line in list(f)[1:] if len(line.split()) > 1)
    except OSError:
        return False


def ipvs_text():
    try:
        with open('/proc/net/ip_vs') as f:
            proc = f.read(65536)
    except OSError:
        return None
    if '\n' not in proc.strip() or len(proc.strip().split('\n')) <= 3:
        return {'proc': proc}
    try:
        r = subprocess.run(['ipvsadm', '-Ln', '--stats', '--exact'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=2)
        stats = r.stdout.decode('utf8', 'replace')[:65536]
    except Exception:
        stats = ''
    return {'proc': proc, 'stats': stats}


class Adverts:
    """VRRP adverts on the wire, from a tcpdump reading only protocol 112, without promiscuous mode."""

    def __init__(self):
        self.seen = {}
        self.proc = None
        self.buf = b''
        self.head = ''
        try:
            self.proc = subprocess.Popen(['tcpdump', '-Z', 'root', '-l', '-nn', '-v', '-p', '-i', 'any', 'ip proto 112'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
            os.set_blocking(self.proc.stdout.fileno(), False)
        except Exception:
            self.proc = None

    def fd(self):
        return [self.proc.stdout] if self.proc else []

    def read(self):
        try:
            chunk = self.proc.stdout.read(65536)
        except Exception:
            chunk = None
        if not chunk:
            return
        self.buf = (self.buf + chunk)[-65536:]
        *lines, self.buf = self.buf.split(b'\n')
        now = int(time.monotonic())
        for raw in lines:
            line = raw.decode('utf8', 'replace')[:1024]
            # With -v, "eth0  Out IP (tos 0xc0, ttl 255, ...)" comes first, then an indented
            # "10.0.0.2 > 10.0.0.3: VRRPv2, Advertisement, vrid 51, prio 150, ..." line.
            if not line[:1].isspace():
                self.head = line
                continue
            if 'VRRP' not in line:
                continue
            head = self.head.split()
            vrid = line.split('vrid ')[1].split(',')[0] if 'vrid ' in line else '?'
            key = ' '.join(head[1:3]) + ' ' + line.split(':')[0].strip() + ' vrid ' + vrid[:8]
            self.seen[key] = [' '.join(head[1:3]), line.strip()[:400], now]
        if len(self.seen) > 32:
            for k in sorted(self.seen, key=lambda k: self.seen[k][2])[:-32]:
                del self.seen[k]

    def rows(self):
        # Whole seconds since each advert by this clock: the server adds its own (a guest's clock may be off).
        now = int(time.monotonic())
        return [[k, v[0], v[1], now - v[2]] for k, v in self.seen.items() if now - v[2] < 30]


def tc_text():
    try:
        r = subprocess.run(['tc', 'qdisc', 'show'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=2)
        return r.stdout.decode('utf8', 'replace')[:65536]
    except Exception:
        return ''


def main():
    rt = Netlink(socket.NETLINK_ROUTE)
    adverts = Adverts() if MODE == 'host' else None
    last, last_out, slow_at, slow = None, 0.0, 0.0, {}
    while True:
        now = time.monotonic()
        state = {}
        try:
            if MODE == 'host':
                state = {'links': links(rt), 'addrs': addrs(rt), 'neigh': neighbours(rt), 'vrrpListening': vrrp_listening()}
            else:
                state = {'links': links(rt, set(BRIDGES))}
        except Exception as e:
            state = {'error': str(e)[:200]}
        if now - slow_at >= SLOW:
            slow_at = now
            slow = {'ipvs': ipvs_text()} if MODE == 'host' else {'tc': tc_text()}
        state.update(slow)
        if adverts:
            state['vrrp'] = adverts.rows()
        line = js(state)
        if line != last or now - last_out >= HEARTBEAT:
            sys.stdout.write(line + '\n')
            sys.stdout.flush()
            last, last_out = line, now
        ready, _, _ = select.select(adverts.fd() if adverts else [], [], [], TICK)
        if ready and adverts:
            adverts.read()


try:
    main()
except (BrokenPipeError, KeyboardInterrupt):
    pass
