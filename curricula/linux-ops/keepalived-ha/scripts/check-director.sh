set -eu
# Task "pair", on lb1 and on lb2: keepalived runs, its configuration has the pieces the task
# asks for (read with a small parser below), the IPVS table it wrote is right, and the VIP
# is on lb1 only. Where something is off, say which keepalived setting causes it.
me=$OPSLAB_HOST
svc="$VIP:80"
main=''
for pid in $(pgrep -x keepalived || true); do
  ppid=$(ps -o ppid= -p "$pid" | tr -d ' ')
  [ "$(ps -o comm= -p "$ppid" 2>/dev/null)" = keepalived ] || main=$pid
done
[ -n "$main" ] ||
  fail "keepalived is not running on $me: write /etc/keepalived/keepalived.conf, then start it, e.g. keepalived -n -l -D >>/var/log/keepalived.log 2>&1 & (keepalived -t checks the file first)"
conf=/etc/keepalived/keepalived.conf
set -- $(tr '\0' ' ' < "/proc/$main/cmdline")
while [ "$#" -gt 0 ]; do
  case "$1" in
    -f) conf=${2:-$conf}; shift ;;
    --use-file=*) conf=${1#*=} ;;
    -f*) conf=${1#-f} ;;
  esac
  shift
done
[ -r "$conf" ] || fail "keepalived runs on $me, but its configuration $conf is not there"

# The parts of the configuration the checks need, as shell assignments. Blocks nest with
# braces; ! and # start comments; keywords are case-sensitive, as in keepalived.
parsed=$(python3 - "$conf" "$VIP" "$RS1_IP" "$RS2_IP" <<'PY'
import re, sys
path, vip, rs1, rs2 = sys.argv[1:5]
toks = []
for line in open(path, errors="replace"):
    line = re.split(r"[!#]", line, 1)[0]
    toks += re.findall(r"[{}]|[^\s{}]+", line) + ["\n"]
def block(i):
    # statements: (words, children); returns (list, next index)
    out, words = [], []
    while i < len(toks):
        t = toks[i]
        if t == "{":
            kids, i = block(i + 1)
            out.append((words, kids)); words = []
            continue
        if t == "}":
            if words: out.append((words, []))
            return out, i + 1
        if t == "\n":
            if words: out.append((words, [])); words = []
        else:
            words.append(t)
        i += 1
    if words: out.append((words, []))
    return out, i
tree, _ = block(0)
def find(stmts, key):
    return [s for s in stmts if s[0] and s[0][0] == key]
def val(stmts, key, default=""):
    f = find(stmts, key)
    return f[-1][0][1] if f and len(f[-1][0]) > 1 else default
def flat(stmts):
    for w, k in stmts:
        yield w
        yield from flat(k)
o = {}
o["strict"] = "yes" if any(w and w[0] == "vrrp_strict" for g in find(tree, "global_defs") for w in flat(g[1])) else ""
inst = [s for s in find(tree, "vrrp_instance") if any(vip in " ".join(w).replace("/", " ").split() for v in find(s[1], "virtual_ipaddress") for w in flat(v[1]))]
o["inst"] = str(len(find(tree, "vrrp_instance")))
if inst:
    b = inst[0][1]
    o["vrrp"] = inst[0][0][1] if len(inst[0][0]) > 1 else "?"
    o["state"] = val(b, "state")
    o["prio"] = val(b, "priority", "100")
    o["vrid"] = val(b, "virtual_router_id")
    o["iface"] = val(b, "interface")
    o["nopreempt"] = "yes" if find(b, "nopreempt") else ""
    a = find(b, "authentication")
    o["auth_pass"] = val(a[0][1], "auth_pass")[:8] if a else ""
    o["peers"] = ",".join(w[0] for u in find(b, "unicast_peer") for w in flat(u[1]))
vs = [s for s in find(tree, "virtual_server") if len(s[0]) >= 3 and s[0][1] == vip and s[0][2] == "80"]
o["vs"] = "yes" if vs else ""
if vs:
    b = vs[0][1]
    o["kind"] = val(b, "lb_kind") or val(b, "lvs_method")
    o["algo"] = val(b, "lb_algo") or val(b, "lvs_sched")
    o["persist"] = val(b, "persistence_timeout")
    o["delay"] = val(b, "delay_loop", "60")
    for name, ip in (("rs1", rs1), ("rs2", rs2)):
        r = [s for s in find(b, "real_server") if len(s[0]) >= 2 and s[0][1] == ip]
        if not r:
            continue
        rb = r[0][1]
        o[name] = "yes"
        o[name + "_port"] = r[0][0][2] if len(r[0][0]) > 2 else "80"
        chk = [s for s in rb if s[0] and s[0][0].endswith("_CHECK") or s[0] and s[0][0] in ("HTTP_GET", "SSL_GET")]
        if chk:
            c = chk[0]
            o[name + "_check"] = c[0][0]
            o[name + "_cport"] = val(c[1], "connect_port")
            u = find(c[1], "url")
            if u:
                o[name + "_path"] = val(u[0][1], "path")
                o[name + "_code"] = val(u[0][1], "status_code")
for k, v in o.items():
    print("k_%s='%s'" % (k, re.sub(r"[^A-Za-z0-9_./:,-]", "_", v)))
PY
) || fail "keepalived's configuration $conf could not be read: keepalived -t -f $conf says what is wrong"
k_strict='' k_vrrp='' k_state='' k_prio='' k_vrid='' k_nopreempt='' k_auth_pass='' k_peers='' k_vs=''
k_kind='' k_algo='' k_persist='' k_delay='' k_rs1='' k_rs2=''
eval "$parsed"

# 1. VRRP.
[ -n "$k_vrrp" ] ||
  fail "$conf on $me has no vrrp_instance with $VIP in its virtual_ipaddress block ($k_inst vrrp_instance(s) in all): keepalived never adds the VIP"
[ -z "$k_strict" ] ||
  fail "global_defs has vrrp_strict: it forbids unicast_peer and installs firewall rules that drop traffic to the VIP unless you add accept. Remove vrrp_strict"
case "$me:$k_state" in
  lb1:MASTER | lb2:BACKUP) ;;
  lb1:*) fail "vrrp_instance $k_vrrp on lb1 has state ${k_state:-(none)}: the task asks for state MASTER on lb1" ;;
  *) fail "vrrp_instance $k_vrrp on lb2 has state ${k_state:-(none)}: the task asks for state BACKUP on lb2 (the priority decides anyway, but two MASTERs is the classic split-brain set-up)" ;;
esac
if [ "$me" = lb1 ] && [ -n "$k_nopreempt" ]; then
  fail "vrrp_instance $k_vrrp on lb1 has nopreempt with state MASTER: keepalived ignores nopreempt unless the state is BACKUP (it says so in its log). Here lb1 should take the VIP back after a failure: remove nopreempt"
fi
[ -n "$k_vrid" ] || fail "vrrp_instance $k_vrrp on $me has no virtual_router_id (it is required; both directors must use the same one)"
[ -n "$k_peers" ] ||
  fail "vrrp_instance $k_vrrp on $me sends its adverts by multicast to 224.0.0.18, and this lab's network (like most clouds) drops multicast, so each director thinks the other is dead: add unicast_peer { $( [ "$me" = lb1 ] && echo "$LB2_IP" || echo "$LB1_IP") } (the other director)"

# 2. The virtual server.
[ -n "$k_vs" ] || fail "$conf on $me has no virtual_server $VIP 80 { ... }"
case "$k_kind" in
  DR) ;;
  '') fail "virtual_server $VIP 80 has no lb_kind: keepalived then uses NAT (Masq), and these real servers are set up for DR (VIP on lo, their own replies straight to the client). Add lb_kind DR" ;;
  *) fail "virtual_server $VIP 80 has lb_kind $k_kind; the real servers are set up for direct routing: lb_kind DR" ;;
esac
case "$k_algo" in
  rr) ;;
  '') fail "virtual_server $VIP 80 has no lb_algo: keepalived then uses wlc. Add lb_algo rr" ;;
  *) fail "virtual_server $VIP 80 has lb_algo $k_algo; this task asks for lb_algo rr" ;;
esac
[ -z "$k_persist" ] ||
  fail "virtual_server $VIP 80 has persistence_timeout $k_persist (from keepalived's sample file): one client then sticks to one real server for $k_persist s, and rr never shows. Remove it"
for rs in rs1 rs2; do
  eval "have=\$k_$rs"
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  [ -n "$have" ] || fail "virtual_server $VIP 80 has no real_server $ip 80 ($rs)"
  eval "port=\$k_${rs}_port check=\${k_${rs}_check:-}"
  [ "$port" = 80 ] || fail "real_server $ip $port: in DR the real port must be the virtual port, 80"
  [ -n "$check" ] || fail "real_server $ip 80 ($rs) has no health check: add HTTP_GET { url { path / status_code 200 } connect_timeout 2 } or TCP_CHECK { connect_timeout 2 }"
done

# 3. What keepalived wrote into IPVS (ipvs_read, lib/lvs.sh).
ipvs_read "$svc"
[ -n "$ipvs_line" ] || fail "keepalived runs on $me with virtual_server $VIP 80, but ipvsadm -Ln has no TCP $svc: look at keepalived's log (errors about IPVS?)"
for rs in rs1 rs2; do
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  entry=$(ipvs_real "$ip")
  if [ -z "$entry" ]; then
    # keepalived took it out: repeat its health check by hand and say what it saw.
    eval "check=\$k_${rs}_check cport=\${k_${rs}_cport:-} path=\${k_${rs}_path:-} code=\${k_${rs}_code:-}"
    p=${cport:-80}
    case "$check" in
      HTTP_GET)
        got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$ip:$p${path:-/}" 2>/dev/null) || got=000
        [ "$got" = 000 ] && fail "keepalived removed $rs from TCP $svc: its HTTP_GET on $ip:$p${path:-/} gets no answer (connect_port $p?). nginx listens on port 80"
        fail "keepalived removed $rs from TCP $svc: its HTTP_GET on ${path:-/} got $got, and status_code expects ${code:-200}. nginx on the real servers serves / only" ;;
      TCP_CHECK)
        fail "keepalived removed $rs from TCP $svc: its TCP_CHECK cannot connect to $ip:$p (nginx listens on port 80)" ;;
      *) fail "keepalived removed $rs from TCP $svc: its $check fails (keepalived's log says why)" ;;
    esac
  fi
  set -- $entry
  case "$2" in
    Route) ;;
    Masq) fail "$rs is in the table as Masq (NAT): lb_kind DR has not reached IPVS. Restart keepalived after editing (kill -HUP the main process, or stop and start it)" ;;
    *) fail "$rs is in the table as $2; DR shows Route" ;;
  esac
done
[ -z "$ipvs_persist" ] || fail "TCP $svc is persistent in ipvsadm -Ln: restart keepalived after removing persistence_timeout"

# 4. The VIP: on lb1 (the master), not on lb2.
if [ "$me" = lb1 ]; then
  has_addr "$VIP" ||
    fail "lb1 does not hold the VIP $VIP: it is not the VRRP master. Its priority ($k_prio) must be higher than lb2's; keepalived's log on lb1 says which state it is in"
  pass "keepalived on lb1 (MASTER, priority $k_prio, vrid $k_vrid) holds $VIP; TCP $svc rr with rs1 and rs2 as Route"
fi
if has_addr "$VIP"; then
  # Split brain: why does lb2 not hear lb1? Listen for lb1's adverts for 4 s.
  adv=$(timeout 4 tcpdump -l -v -n -i eth0 -c 1 "ip proto 112 and src host $LB1_IP" </dev/null 2>/dev/null | grep -m1 vrid || true)
  [ -n "$adv" ] ||
    fail "split brain: lb2 holds the VIP $VIP too, because no VRRP advert from lb1 ($LB1_IP) reaches lb2. Is keepalived running on lb1 with unicast_peer { $LB2_IP }? (this network drops multicast)"
  vrid=$(printf '%s\n' "$adv" | sed -n 's/.*vrid \([0-9]*\).*/\1/p')
  prio=$(printf '%s\n' "$adv" | sed -n 's/.*prio \([0-9]*\).*/\1/p')
  pw=$(printf '%s\n' "$adv" | sed -n 's/.*auth "\([^"]*\)".*/\1/p')
  [ "$vrid" = "$k_vrid" ] ||
    fail "split brain: lb2 holds the VIP $VIP too. lb1's adverts arrive with virtual_router_id $vrid, lb2 has $k_vrid, so lb2 ignores them: virtual_router_id must be the same on both"
  [ "$pw" = "$k_auth_pass" ] ||
    fail "split brain: lb2 holds the VIP $VIP too. lb1's adverts carry auth_pass '${pw:-(none)}', lb2 expects '${k_auth_pass:-(none)}' (only the first 8 characters count), so lb2 discards them: use the same authentication block on both"
  [ "${prio:-0}" -gt "$k_prio" ] ||
    fail "lb2 holds the VIP $VIP: lb1 advertises priority $prio, lb2 has $k_prio. lb1's priority must be the higher one"
  fail "split brain: lb2 holds the VIP $VIP too, though lb1's adverts arrive (vrid $vrid, priority $prio); look at keepalived's log on lb2"
fi
pass "keepalived on lb2 (BACKUP, priority $k_prio, vrid $k_vrid) listens without the VIP; its TCP $svc rr has rs1 and rs2 as Route, ready for a failover"
