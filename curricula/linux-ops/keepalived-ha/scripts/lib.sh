# Shared functions of keepalived-ha (the exercise prelude: functions only, no commands).

# keepalived_main: the pid of keepalived's main process on this host (the one whose parent is not
# a keepalived: its VRRP and checker children are); nothing when keepalived is not running.
keepalived_main() {
  local pid ppid
  for pid in $(pgrep -x keepalived || true); do
    ppid=$(ps -o ppid= -p "$pid" | tr -d ' ')
    [ "$(ps -o comm= -p "$ppid" 2>/dev/null)" = keepalived ] || { echo "$pid"; return 0; }
  done
}

# keepalived_conf [PID] (on a director): reads the configuration the keepalived with main process
# PID (default: keepalived_main) was started with, as keepalived itself reads it, and sets k_*
# variables for the checks. Followed like the daemon: its command line (-f FILE, -fFILE,
# --use-file FILE, --use-file=FILE, an abbreviation such as --use FILE, -i/--config-id), relative
# to the directory it was started in; `include` and includer/m/w/b/a (globs with {a,b}, relative
# to the including file's folder, nested; only regular files no one may execute, as keepalived);
# lines starting @ID or @^ID (kept when the config id, by default the host name up to its first
# dot, is or is not ID); $NAME=VALUE definitions and ${NAME} in later lines, $NAME before a space,
# tab, comma, ) or the line's end; comments (from an unquoted ! or #; \! and \# are literal); a
# brace on the next line. Keywords are case-sensitive, as in keepalived.
#   k_pid k_conf k_files (every file read) k_missing (includes that matched nothing) k_cid
#   k_strict    yes when global_defs has vrrp_strict
#   k_inst      how many vrrp_instances in all
#   k_vrrp      the vrrp_instance with $VIP in virtual_ipaddress (or _excluded); empty when none
#   k_def k_def_rest  when none has: the $NAME (NAME) and what follows it (/32) that keepalived
#               kept as it is in a virtual_ipaddress, where ${NAME} would have been the VIP
#   k_state (no state: MASTER with priority 255, else BACKUP) k_prio (no priority: 255 with
#   state MASTER, else 100) k_vrid k_iface k_nopreempt k_auth_pass (first 8 characters)
#   k_peers     unicast_peer addresses, comma-separated
#   k_vs        yes when a virtual_server $VIP 80 exists (directly or through a virtual_server_group)
#   k_kind (lb_kind or lvs_method) k_algo (lb_algo or lvs_sched) k_proto (upper case) k_persist
#   k_delay (60) k_rsN k_rsN_port (none: the virtual server's) k_rsN_weight (1) k_rsN_kind (its
#   own lvs_method, else k_kind) k_rsN_inhibit (inhibit_on_failure, its own or the virtual
#   server's) k_rsN_check (HTTP_GET, TCP_CHECK ...) k_rsN_cport k_rsN_path k_rsN_code, for
#   N = 1, 2 (rs1 $RS1_IP, rs2 $RS2_IP)
# Fails (the learner's problem) when keepalived is not running or its file cannot be read.
keepalived_conf() {
  local pid=${1:-$(keepalived_main)} parsed
  [ -n "$pid" ] ||
    fail_t keepalived-not-running host="$OPSLAB_HOST"
  k_pid=$pid k_conf='' k_files='' k_missing='' k_cid='' k_strict='' k_inst=0 k_vrrp='' k_state='' k_prio='' k_vrid=''
  k_def='' k_def_rest='' k_iface='' k_nopreempt='' k_auth_pass='' k_peers='' k_vs='' k_kind='' k_algo='' k_proto='' k_persist='' k_delay=''
  k_rs1='' k_rs1_port='' k_rs1_weight='' k_rs1_kind='' k_rs1_inhibit='' k_rs1_check='' k_rs1_cport='' k_rs1_path='' k_rs1_code=''
  k_rs2='' k_rs2_port='' k_rs2_weight='' k_rs2_kind='' k_rs2_inhibit='' k_rs2_check='' k_rs2_cport='' k_rs2_path='' k_rs2_code=''
  k_error=''
  parsed=$(python3 - "$pid" "$VIP" "${RS1_IP:-}" "${RS2_IP:-}" <<'PY'
import glob, os, re, socket, stat, sys
pid, vip, rs1, rs2 = sys.argv[1:5]
out = {}

# 1. The command line the daemon was started with (getopt_long: abbreviations, -fFILE, -nlDf FILE).
try:
    argv = open("/proc/%s/cmdline" % pid, "rb").read().decode("utf-8", "replace").split("\0")[1:]
except OSError:
    argv = []
if argv and argv[-1] == "":
    argv.pop()
try:
    cwd = os.readlink("/proc/%s/cwd" % pid)
except OSError:
    cwd = "/"
longs = {"use-file": "f", "config-id": "i", "vrrp": "", "check": "", "no_bfd": "", "all": "", "log-console": "",
         "log-detail": "", "log-facility": "S", "no-syslog": "", "umask": "u", "release-vips": "", "dont-release-vrrp": "",
         "dont-release-ipvs": "", "dont-respawn": "", "dont-fork": "", "dump-conf": "", "pid": "p", "vrrp_pid": "r",
         "genhash": "", "checkers_pid": "c", "address-monitoring": "", "bfd_pid": "b", "snmp": "", "snmp-agent-socket": "A",
         "namespace": "s", "core-dump": "", "core-dump-pattern": "M?", "all-config": "", "signum": "x", "config-test": "t?",
         "version": "", "help": "", "log-file": "g?", "flush-log-file": "", "no-mem-check": "", "debug": "?", "perf": "?"}
with_arg = set("fiSupcrbAs")
conf, cid = "/etc/keepalived/keepalived.conf", None
i = 0
while i < len(argv):
    a = argv[i]; i += 1
    if a == "--":
        break
    if a.startswith("--"):
        name, eq, val = a[2:].partition("=")
        hits = [k for k in longs if k == name] or [k for k in longs if k.startswith(name)]
        if len(hits) != 1:
            continue
        kind = longs[hits[0]]
        if kind.endswith("?") or kind == "":
            continue
        if not eq:
            if i >= len(argv):
                break
            val = argv[i]; i += 1
        if kind == "f": conf = val
        elif kind == "i": cid = val
    elif a.startswith("-") and len(a) > 1:
        j = 1
        while j < len(a):
            c = a[j]; j += 1
            if c in with_arg:
                val = a[j:]
                if not val:
                    if i >= len(argv):
                        break
                    val = argv[i]; i += 1
                if c == "f": conf = val
                elif c == "i": cid = val
                break
            if c in "tMg":
                break  # an optional argument is attached or absent
if not conf.startswith("/"):
    conf = os.path.normpath(os.path.join(cwd, conf))
if cid is None:
    cid = socket.gethostname().split(".")[0]
out["conf"] = conf
out["cid"] = cid

# 2. The files, as keepalived reads them: lines, with includes, @ids, $definitions.
defs, files, missing = {}, [], []
def subst(line):
    # ${NAME} anywhere; a bare $NAME only before a space, tab, comma, ) or the line's end
    # (keepalived's find_definition): $VIP/32 stays as it is.
    def rep(m):
        name = m.group(1) or m.group(2)
        return defs.get(name, m.group(0))
    for _ in range(5):
        new = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)(?=[ \t,)]|$)", rep, line)
        if new == line:
            break
        line = new
    return line
def strip_comment(line):
    # A comment starts at any unquoted ! or #; outside quotes \! and \# are a literal ! and #.
    q, res, k = False, "", 0
    while k < len(line):
        ch = line[k]
        if ch == "\\" and k + 1 < len(line):
            res += line[k + 1] if not q and line[k + 1] in "!#" else line[k:k + 2]
            k += 2
            continue
        if ch == '"':
            q = not q
        elif ch in "!#" and not q:
            break
        res += ch
        k += 1
    return res
def usable(path):
    # keepalived's check_glob_file: a regular file, executable by nobody.
    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and not st.st_mode & 0o111
def braces(pat):
    # glob's GLOB_BRACE: a{b,c}d -> abd acd (nested too), in order.
    depth, start = 0, -1
    for k, ch in enumerate(pat):
        if ch == "{":
            if depth == 0: start = k
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                alts, d, last = [], 0, start + 1
                for j in range(start + 1, k):
                    if pat[j] == "{": d += 1
                    elif pat[j] == "}": d -= 1
                    elif pat[j] == "," and d == 0:
                        alts.append(pat[last:j]); last = j + 1
                alts.append(pat[last:k])
                if len(alts) < 2:
                    continue
                return [x for a in alts for x in braces(pat[:start] + a + pat[k + 1:])]
    return [pat]
def read(path, depth=0, stack=()):
    if depth > 8 or os.path.realpath(path) in stack:
        return []  # an include of a file that includes it
    stack += (os.path.realpath(path),)
    if depth == 0 and os.path.exists(path) and not usable(path):
        raise OSError(0, "not a regular file, or executable")
    try:
        with open(path, errors="replace") as f:
            text = f.read(1 << 20)
    except OSError:
        if depth == 0:
            raise
        missing.append(path)
        return []
    files.append(path)
    lines, logical, acc = [], [], ""
    for raw in text.split("\n"):
        if raw.endswith("\\"):
            acc += raw[:-1] + "\n"
            continue
        logical.append(acc + raw)
        acc = ""
    if acc:
        logical.append(acc)
    def ours(s):
        # None: a line for another config id; else the line without its @ID prefix.
        m = re.match(r"@(\^?)(\S+)\s+(.*)$", s)
        if not m:
            return s
        if (m.group(2) == cid) == bool(m.group(1)):
            return None
        return m.group(3).strip()
    for lg in logical:
        parts = lg.split("\n")
        first = ours(strip_comment(parts[0]).strip())
        if first is None:
            continue
        m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$", first)
        if m:
            defs[m.group(1)] = "\n".join([m.group(2)] + [strip_comment(x) for x in parts[1:]]).strip()
            continue
        for k, phys in enumerate(parts):
            s = first if k == 0 else ours(strip_comment(phys).strip())
            if not s:
                continue
            for s in subst(s).split("\n"):
                s = s.strip()
                if not s:
                    continue
                m = re.match(r"include[rmwba]?[ \t]+(.+)$", s)
                if m:
                    pat = m.group(1).strip().strip('"')
                    if not pat.startswith("/"):
                        pat = os.path.join(os.path.dirname(path), pat)
                    hits = [h for b in braces(pat) for h in sorted(glob.glob(b))]
                    if not hits:
                        missing.append(pat)
                    # Skipped as keepalived skips them: a folder, a FIFO, an executable (a notify script).
                    for h in hits:
                        if usable(h):
                            lines += read(h, depth + 1, stack)
                    continue
                lines.append(s)
    return lines
try:
    lines = read(conf)
except OSError as e:
    print("k_error='%s'" % re.sub(r"[^A-Za-z0-9_./: -]", "_", "%s: %s" % (conf, e.strerror)))
    sys.exit(0)
out["files"] = " ".join(files)
out["missing"] = " ".join(missing)

# 3. Tokens and blocks: statements (words, children).
toks = []
for s in lines:
    toks += [t.strip('"') if t.startswith('"') else t for t in re.findall(r'"[^"]*"|[{}]|[^\s{}"]+', s)] + ["\n"]
def block(i):
    res, words = [], []
    while i < len(toks):
        t = toks[i]
        if t == "{":
            kids, i = block(i + 1)
            if not words and res and not res[-1][1]:
                res[-1] = (res[-1][0], kids)  # the brace of the statement on the line before
            else:
                res.append((words, kids))
            words = []
            continue
        if t == "}":
            if words: res.append((words, []))
            return res, i + 1
        if t == "\n":
            if words: res.append((words, [])); words = []
        else:
            words.append(t)
        i += 1
    if words: res.append((words, []))
    return res, i
tree, _ = block(0)
def find(stmts, *keys):
    return [s for s in stmts if s[0] and s[0][0] in keys]
def val(stmts, keys, default=""):
    f = find(stmts, *keys)
    return f[-1][0][1] if f and len(f[-1][0]) > 1 else default
def flat(stmts):
    for w, k in stmts:
        yield w
        yield from flat(k)

out["strict"] = "yes" if any(w and w[0] == "vrrp_strict" for g in find(tree, "global_defs") for w in flat(g[1])) else ""
insts = find(tree, "vrrp_instance")
out["inst"] = str(len(insts))
def has_vip(inst):
    for v in find(inst[1], "virtual_ipaddress", "virtual_ipaddress_excluded"):
        for w in flat(v[1]):
            if w and w[0].split("/")[0] == vip:
                return True
            # $NAME/32, kept as it is: the VIP it would have been, had it been ${NAME}/32.
            m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)([^A-Za-z0-9_].*)$", w[0]) if w else None
            if m and m.group(1) in defs and defs[m.group(1)].split("/")[0] == vip and "def" not in out:
                out["def"], out["def_rest"] = m.group(1), m.group(2)
    return False
inst = [s for s in insts if has_vip(s)]
if inst:
    b = inst[0][1]
    out["vrrp"] = inst[0][0][1] if len(inst[0][0]) > 1 else "?"
    # No priority: 255 with state MASTER, else 100; no state: MASTER with priority 255, else
    # BACKUP (keepalived's vrrp_complete_instance).
    st, pr = val(b, ("state",)), val(b, ("priority",))
    pr = pr or ("255" if st == "MASTER" else "100")
    out["state"] = st or ("MASTER" if pr == "255" else "BACKUP")
    out["prio"] = pr
    out["vrid"] = val(b, ("virtual_router_id",))
    out["iface"] = val(b, ("interface",))
    out["nopreempt"] = "yes" if find(b, "nopreempt") else ""
    a = find(b, "authentication")
    out["auth_pass"] = val(a[0][1], ("auth_pass",))[:8] if a else ""
    out["peers"] = ",".join(w[0] for u in find(b, "unicast_peer") for w in flat(u[1]) if w)

# 4. The virtual server: "virtual_server VIP 80", or "virtual_server group NAME" with VIP 80 in
# the virtual_server_group NAME.
def is_ours(s):
    w = s[0]
    if len(w) >= 3 and w[1] == vip and w[2] == "80":
        return True
    if len(w) >= 3 and w[1] == "group":
        for g in find(tree, "virtual_server_group"):
            if len(g[0]) > 1 and g[0][1] == w[2]:
                if any(len(m) >= 2 and m[0] == vip and m[1] == "80" for m in flat(g[1])):
                    return True
    return False
vs = [s for s in find(tree, "virtual_server") if is_ours(s)]
out["vs"] = "yes" if vs else ""
if vs:
    b = vs[0][1]
    out["kind"] = val(b, ("lb_kind", "lvs_method"))
    out["algo"] = val(b, ("lb_algo", "lvs_sched"))
    out["proto"] = val(b, ("protocol",)).upper()  # keepalived compares it case-insensitively
    out["persist"] = val(b, ("persistence_timeout",))
    out["delay"] = val(b, ("delay_loop",), "60")
    vs_inhibit = bool(find(b, "inhibit_on_failure"))
    vs_port = vs[0][0][2] if vs[0][0][1] != "group" else "80"
    for name, ip in (("rs1", rs1), ("rs2", rs2)):
        r = [s for s in find(b, "real_server") if len(s[0]) >= 2 and s[0][1] == ip]
        if not ip or not r:
            continue
        rb = r[0][1]
        out[name] = "yes"
        out[name + "_port"] = r[0][0][2] if len(r[0][0]) > 2 else vs_port  # no port: the virtual server's
        out[name + "_weight"] = val(rb, ("weight",), "1")
        out[name + "_kind"] = val(rb, ("lvs_method",)) or out["kind"]
        # Its own inhibit_on_failure [true|on|yes|false|off|no] overrides the virtual server's (any
        # other word is an error keepalived ignores).
        inh = vs_inhibit
        for w, _ in find(rb, "inhibit_on_failure"):
            arg = w[1] if len(w) > 1 else "true"
            if arg in ("true", "on", "yes", "false", "off", "no"):
                inh = arg in ("true", "on", "yes")
        out[name + "_inhibit"] = "yes" if inh else ""
        chk = [s for s in rb if s[0] and (s[0][0].endswith("_CHECK") or s[0][0] in ("HTTP_GET", "SSL_GET"))]
        if chk:
            c = chk[0]
            out[name + "_check"] = c[0][0]
            out[name + "_cport"] = val(c[1], ("connect_port",))
            u = find(c[1], "url")
            if u:
                out[name + "_path"] = val(u[0][1], ("path",))
                out[name + "_code"] = val(u[0][1], ("status_code",))
for k, v in out.items():
    print("k_%s='%s'" % (k, re.sub(r"[^A-Za-z0-9_./:,@ *?\[\]-]", "_", v)))
PY
) || broken "keepalived_conf: the parser failed on $OPSLAB_HOST: $parsed"
  eval "$parsed"
  [ -z "$k_error" ] || fail_t keepalived-conf-unreadable host="$OPSLAB_HOST" pid="$pid" error="$k_error"
}
