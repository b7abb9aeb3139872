# Addresses and ARP, as the checks of this course look at them. Part of the course prelude
# (roadmap.yaml): functions only. check.sh (sent before this) has the single-value helpers:
# neigh_mac, mac_of, has_addr, iface_for, sysctl_effective_arp.

# arp_macs IP: the MACs that answer an ARP request for IP on eth0, one per line, sorted, in
# lower case; nothing when nobody answers. arping reads the replies itself, so the neighbour
# cache plays no part; -b keeps every request broadcast, so a second host that answers for IP
# shows up too. At most 3 s (2 replies end it sooner).
arp_macs() {
  arping -b -c 2 -w 3 -I eth0 "$1" </dev/null 2>/dev/null |
    awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5) }' | sort -u
}

# arp_mac IP: the MAC of the host at IP, asked without teaching it ours: a duplicate-address
# probe has sender 0.0.0.0, so the asked host learns nothing about this one, and the ARP entries
# a check is about stay as the learner left them. A host with arp_ignore 2 ignores such probes
# (0.0.0.0 is on no subnet of its), so then a plain request. Nothing when neither is answered.
arp_mac() {
  local m
  m=$(arping -D -c 1 -w 2 -I eth0 "$1" </dev/null 2>/dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
  [ -n "$m" ] || m=$(arping -c 1 -w 2 -I eth0 "$1" </dev/null 2>/dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
  printf '%s\n' "$m"
}

# addr_where IP: where IP is a local IPv4 address: one "DEV PREFIX" line per interface that holds
# it (a label such as lo:0 shows as lo); nothing when none does.
addr_where() {
  ip -o -4 addr show | awk -v ip="$1" '{ split($4, a, "/"); if (a[1] == ip) print $2, a[2] }'
}

# dev_of IP: the first interface that holds IP; nothing when none does.
dev_of() {
  addr_where "$1" | awk 'NR == 1 { print $1 }'
}

# arp_nft IP: how this host's nftables ARP rules (the arp family: nft, or arptables-nft) treat IP.
# Prints, on one line: "input" when a chain of the input hook drops requests for IP (arp daddr ip
# IP ... drop, what arp_ignore does by sysctl; a rule limited to replies, or to another input
# interface than eth0, does not count); "output" when a chain of the output hook rewrites the
# sender of ARP this host sends from IP (arptables' mangle --mangle-ip-s RIP, or arp saddr ip set:
# what arp_announce 2 does); "output-drop" when one drops them instead (then this host cannot
# resolve a neighbour it answers from IP, unless arp_announce 2 keeps IP out of its requests).
# Nothing when no rule names IP.
arp_nft() {
  nft list ruleset arp 2>/dev/null | awk -v ip="$1" '
    BEGIN { gsub(/\./, "\\.", ip) }
    function has(line, field) {
      return line ~ (field " ip (" ip "|\\{[^}]*[ ,]" ip "[ ,}][^}]*\\})( |$)")
    }
    /^[ \t]*chain / { hook = "" }
    /type filter hook input/ { hook = "input"; next }
    /type filter hook output/ { hook = "output"; next }
    hook == "input" && has($0, "arp daddr") && / drop( |$)/ && !/operation reply/ && (!/iifname/ || /iifname "?eth0"?/) { seen["input"] = 1 }
    hook == "output" && has($0, "arp saddr") && (/xt target mangle/ || /arp saddr ip set/) { seen["output"] = 1 }
    hook == "output" && has($0, "arp saddr") && / drop( |$)/ { seen["output-drop"] = 1 }
    END {
      n = split("input output output-drop", k, " ")
      for (i = 1; i <= n; i++) if (seen[k[i]]) out = out (out ? " " : "") k[i]
      if (out) print out
    }'
}

# expect_rs_arp_quiet IP (on a DR or TUN real server holding IP, the VIP): this host neither answers
# ARP for IP on eth0 nor announces IP as the sender of its own ARP requests, by either way an
# administrator does it: the sysctls arp_ignore (1 or 2) and arp_announce (2), which the kernel
# takes as max(conf.all, conf.eth0) for eth0 (conf.lo is never read for it), or nftables/arptables
# ARP rules (arp_nft). Fails naming the mistake and the fix; sets, for a pass message, arp_ignore_eff
# and arp_announce_eff (the values the kernel uses for eth0) and arp_rules (arp_nft's words, or
# nothing).
expect_rs_arp_quiet() {
  local me=$OPSLAB_HOST conf=/proc/sys/net/ipv4/conf eff ignore announce nft scope
  eff=$(sysctl_effective_arp eth0)
  ignore=${eff#arp_ignore=}; ignore=${ignore%% *}
  announce=${eff##*arp_announce=}
  nft=$(arp_nft "$1")
  arp_now() { echo "$1 now: all=$(cat "$conf/all/$1"), eth0=$(cat "$conf/eth0/$1"), lo=$(cat "$conf/lo/$1")"; }
  case " $nft " in
    *" input "*) ;;
    *)
      case "$ignore" in
        1 | 2) ;;
        0)
          [ "$(cat "$conf/lo/arp_ignore")" -lt 1 ] ||
            fail_t arp-ignore-lo-only host="$me" now="$(arp_now arp_ignore)"
          fail_t arp-ignore-0 host="$me" now="$(arp_now arp_ignore)" ;;
        3)
          # The VIP's scope as this host holds it (ip -o addr: "... inet VIP/32 scope host lo ...").
          scope=$(ip -o -4 addr show | awk -v ip="$1" '{ split($4, a, "/"); if (a[1] == ip) for (i = 5; i < NF; i++) if ($i == "scope") { print $(i + 1); exit } }')
          case "$scope" in
            host) fail_t arp-ignore-3-scope-host host="$me" vip="$1" now="$(arp_now arp_ignore)" ;;
            '') fail_t arp-ignore-3-no-scope host="$me" vip="$1" now="$(arp_now arp_ignore)" ;;
            *) fail_t arp-ignore-3 host="$me" vip="$1" scope="$scope" now="$(arp_now arp_ignore)" ;;
          esac ;;
        8) fail_t arp-ignore-8 host="$me" own_addr="$(ip -o -4 addr show dev eth0 | awk '{ print $4; exit }')" now="$(arp_now arp_ignore)" ;;
        *) fail_t arp-ignore-reserved ignore="$ignore" host="$me" now="$(arp_now arp_ignore)" ;;
      esac ;;
  esac
  case " $nft " in
    *" output "*) ;;
    *)
      if [ "$announce" != 2 ]; then
        case " $nft " in
          *" output-drop "*) fail_t arp-rule-drops-requests host="$me" vip="$1" announce="$announce" now="$(arp_now arp_announce)" ;;
        esac
        [ "$(cat "$conf/lo/arp_announce")" -lt 2 ] ||
          fail_t arp-announce-lo-only host="$me" announce="$announce" now="$(arp_now arp_announce)" vip="$1"
        [ "$announce" != 1 ] ||
          fail_t arp-announce-1 host="$me" now="$(arp_now arp_announce)"
        fail_t arp-announce-low announce="$announce" host="$me" now="$(arp_now arp_announce)" vip="$1"
      fi ;;
  esac
  arp_ignore_eff=$ignore arp_announce_eff=$announce arp_rules=$nft
}

# expect_rs_vip IP: IP is held as a real server holds a VIP: on no LAN interface (eth*), where
# no sysctl can keep ARP quiet about it (nftables ARP rules can: arp_nft, in the input hook), and
# elsewhere as a /32, which makes no neighbour local; fails naming the fix. Where IP is on no
# interface at all, it says nothing: the check says it, in the words of its lab.
expect_rs_vip() {
  local dev prefix
  while read -r dev prefix; do
    case "$dev" in
      '') continue ;;
      eth*)
        case " $(arp_nft "$1") " in *" input "*) continue ;; esac
        fail_t vip-on-lan-interface vip="$1" host="$OPSLAB_HOST" dev="$dev" prefix="$prefix" ;;
    esac
    [ "$prefix" = 32 ] ||
      fail_t vip-prefix-not-32 vip="$1" host="$OPSLAB_HOST" dev="$dev" prefix="$prefix"
  done <<WHERE
$(addr_where "$1")
WHERE
}

# nat_source SRC DST DPORT OIF [VADDR VPORT] (on a router or director): which source NAT this host
# applies to a new TCP connection SRC -> DST:DPORT leaving by OIF (with VADDR:VPORT, the IPVS
# virtual service it belongs to, for -m ipvs), read from every rule that could do it: iptables'
# nat POSTROUTING (nft backend, and legacy when its nat table exists), with its user chains, and every
# nftables chain of the postrouting nat hook, in the order the kernel runs them (by priority, each
# chain's rules in order; the first rule that translates decides). Matches this reading does not
# know are taken to match. Prints:
#   "snat ADDR RULE" (SNAT or snat to ADDR), "masq ADDR RULE" (MASQUERADE: ADDR is the source the
#   route to DST would use), or "none";
#   then one "other RULE | WHY" line for each other rule that translates sources, with why it
#   does not apply ("not reached": an earlier rule decided).
nat_source() {
  local src=$(ip -o route get "$2" 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "src") { print $(i + 1); exit } }')
  # Legacy iptables only when its nat table exists already: asking for it would create it.
  { echo '#IPT nft'; iptables-save -t nat 2>/dev/null || true
    if grep -qx nat /proc/net/ip_tables_names 2>/dev/null; then echo '#IPT legacy'; iptables-legacy-save -t nat 2>/dev/null || true; fi
    echo '#NFT'; nft list ruleset 2>/dev/null || true
  } | python3 -c '
import ipaddress, re, sys
src, dst, dport, oif, vaddr, vport, rsrc = sys.argv[1:8]
text = sys.stdin.read()
def toks(line):
    return [t[1:-1] if t.startswith("\"") else t for t in re.findall(r"\"[^\"]*\"|\S+", line)]
def in_net(addr, spec):
    try:
        return any(ipaddress.ip_address(addr) in ipaddress.ip_network(s.strip(), strict=False) for s in spec.strip("{}").split(",") if s.strip())
    except ValueError:
        return True
def if_match(name, pat):
    return name.startswith(pat[:-1]) if pat.endswith("+") or pat.endswith("*") else name == pat
chains = []  # (priority, kind, name, rules, table chains)
# iptables-save sections
ipt_tables = []
# The nat table of iptables-nft is the table ip nat of nft too: read once, as iptables rules,
# unless iptables-nft says it is incompatible (made or changed with nft: then its listing is
# partial, and nft lists it all). A legacy nat table is another table (an empty one hides nothing).
have_ipt_nat = False
for backend, part in re.findall(r"^#IPT (\w+)\n(.*?)(?=^#IPT |\Z)", text.split("#NFT")[0], flags=re.M | re.S):
    sect = re.search(r"^\*nat\n(.*?)^COMMIT", part, re.M | re.S)
    if not sect or (backend == "nft" and re.search(r"^# Table .nat. .*incompatible", part, re.M)):
        continue
    have_ipt_nat = have_ipt_nat or backend == "nft"
    rules = {}
    for line in sect.group(1).split("\n"):
        if line.startswith("-A "):
            t = toks(line)
            rules.setdefault(t[1], []).append(("ipt", line, t[2:]))
    ipt_tables.append(rules)
for rules in ipt_tables:
    chains.append((100, rules.get("POSTROUTING", []), rules))
# nft
nft = text.split("#NFT", 1)[1] if "#NFT" in text else ""
# Brace depth: 1 inside a table, 2 inside its chains, sets, maps, flowtables ...; a table or a
# chain ends only where its own brace closes (an element list may take several lines).
table = None; chain = None; cur = None; tabchains = {}; depth = 0
for raw in nft.split("\n"):
    line = raw.strip()
    bare = re.sub(r"\"[^\"]*\"", "", line)
    m = re.match(r"table (\w+) (\S+) \{", line)
    if m and depth == 0:
        table = (m.group(1), m.group(2)); tabchains = {}; depth = 1; continue
    m = re.match(r"chain (\S+) \{", line)
    if m and table and depth == 1:
        chain = m.group(1); cur = []; tabchains[chain] = cur; depth = 2; continue
    was = depth
    depth = max(0, depth + bare.count("{") - bare.count("}"))
    if depth < 2:
        chain = None
    if depth < 1:
        table = None
    if chain is None or table is None or was != 2:
        continue
    m = re.match(r"type nat hook postrouting priority ([^;]+);", line)
    if m:
        if table[0] in ("ip", "inet") and not (have_ipt_nat and table == ("ip", "nat")):
            p = m.group(1).replace("srcnat", "100").replace("dstnat", "-100").replace("filter", "0")
            try:
                prio = eval(p, {"__builtins__": {}})
            except Exception:
                prio = 100
            chains.append((prio, cur, tabchains))
        continue
    if line.startswith("type ") or line.startswith("policy "):
        continue
    if line:
        cur.append(("nft", line, toks(line)))
chains.sort(key=lambda c: c[0])

def ipt_eval(t):
    # -> (matches, why, action) action: ("snat", addr) ("masq",) ("stop",) ("return",) ("jump", chain) None
    i, neg, why, act = 0, False, "", None
    ok = True
    while i < len(t):
        a = t[i]; i += 1
        if a == "!":
            neg = True; continue
        val = t[i] if i < len(t) else ""
        res = None
        if a in ("-o", "--out-interface"):
            res = if_match(oif, val); i += 1; w = "it matches only packets leaving by %s%s" % ("any but " if neg else "", val)
        elif a in ("-i", "--in-interface"):
            res = False; i += 1; w = "-i never matches in POSTROUTING"
        elif a in ("-s", "--source"):
            res = in_net(src, val); i += 1; w = "its %s-s %s excludes the source %s" % ("! " if neg else "", val, src)
        elif a in ("-d", "--destination"):
            res = in_net(dst, val); i += 1; w = "its %s-d %s excludes the destination %s" % ("! " if neg else "", val, dst)
        elif a in ("-p", "--protocol"):
            res = val in ("tcp", "6", "all"); i += 1; w = "it matches -p %s%s, not tcp" % ("! " if neg else "", val)
        elif a in ("--dport", "--destination-port"):
            res = dport in val.split(":") or (":" in val and int(val.split(":")[0] or 0) <= int(dport) <= int(val.split(":")[1] or 65535)); i += 1; w = "its --dport %s excludes port %s" % (val, dport)
        elif a == "--vaddr":
            res = in_net(vaddr, val); i += 1; w = "its --vaddr %s is not the VIP %s" % (val, vaddr)
        elif a == "--vport":
            res = val == vport; i += 1; w = "its --vport %s is not %s" % (val, vport)
        elif a == "--vmethod":
            res = val.lower() in ("masq", "masquerade"); i += 1; w = "its --vmethod %s is not masq (-m)" % val
        elif a == "--vproto":
            res = val.lower() in ("tcp", "6"); i += 1; w = "its --vproto %s is not tcp" % val
        elif a in ("-j", "--jump", "-g", "--goto"):
            if val == "SNAT":
                to = ""
                if "--to-source" in t: to = t[t.index("--to-source") + 1]
                elif "--to" in t: to = t[t.index("--to") + 1]
                act = ("snat", to.split(":")[0].split("-")[0])
            elif val == "MASQUERADE":
                act = ("masq",)
            elif val == "ACCEPT":
                act = ("stop",)
            elif val == "RETURN":
                act = ("return",)
            elif val in ("LOG", "MARK", "CONNMARK", "NFLOG"):
                act = None
            else:
                act = ("jump", val)
            break
        elif a in ("-m", "--match", "--comment", "--ctstate", "--state") or a.startswith("--ipvs"):
            if a not in ("-m", "--match") or True:
                i += 0 if a.startswith("--ipvs") else 1
            neg = False
            continue
        else:
            neg = False
            continue
        if res is not None and res == neg:
            return False, w, ipt_eval(t[t.index("-j"):])[2] if "-j" in t else None
        neg = False
    return True, "", act

def nft_eval(t):
    i, why, act = 0, "", None
    while i < len(t):
        a = t[i]
        nxt = t[i + 1] if i + 1 < len(t) else ""
        neg = nxt == "!="
        val = t[i + 2] if neg and i + 2 < len(t) else nxt
        step = 3 if neg else 2
        if val == "{":
            j = t.index("}", i) if "}" in t[i:] else len(t) - 1
            val = " ".join(t[i + (3 if neg else 2):j]).replace(" ", ""); step = j - i + 1
        res = None
        if a in ("oifname", "oif"):
            res = any(if_match(oif, v) for v in val.strip("{}").split(",")); w = "it matches only packets leaving by %s%s" % ("any but " if neg else "", val)
        elif a in ("iifname", "iif"):
            res = False; w = "an input interface match never matches in postrouting"
        elif a == "ip" and nxt in ("saddr", "daddr"):
            neg = t[i + 2] == "!=" if i + 2 < len(t) else False
            k = i + (3 if neg else 2)
            if k < len(t) and t[k] == "{":
                j = t.index("}", k); v = "".join(t[k + 1:j]); step = j - i + 1
            else:
                v = t[k] if k < len(t) else ""; step = k - i + 1
            addr = src if nxt == "saddr" else dst
            res = in_net(addr, v); w = "its ip %s %s%s excludes %s" % (nxt, "!= " if neg else "", v, addr)
        elif a == "tcp" and nxt == "dport":
            neg = t[i + 2] == "!=" if i + 2 < len(t) else False
            k = i + (3 if neg else 2); v = t[k] if k < len(t) else ""; step = k - i + 1
            if v == "{":
                j = t.index("}", k); v = "".join(t[k + 1:j]); step = j - i + 1
            vs = v.strip("{}").split(",")
            res = any((dport == x) or ("-" in x and int(x.split("-")[0]) <= int(dport) <= int(x.split("-")[1])) for x in vs if x)
            w = "its tcp dport %s excludes port %s" % (v, dport)
        elif a in ("udp", "sctp") and nxt in ("dport", "sport"):
            res = False; neg = False; step = 3; w = "it matches %s only" % a
        elif a == "snat":
            k = i + 1
            while k < len(t) and t[k] in ("ip", "to"):
                k += 1
            to = t[k] if k < len(t) else ""
            act = ("snat", to.split(":")[0].split("-")[0]); break
        elif a == "masquerade":
            act = ("masq",); break
        elif a == "accept":
            act = ("stop",); break
        elif a == "return":
            act = ("return",); break
        elif a in ("jump", "goto"):
            act = ("jump", nxt); break
        elif a == "drop":
            act = ("stop",); break
        else:
            i += 1; continue
        if res is not None and res == neg:
            return False, w, nft_action(t)
        i += step
    return True, "", act

def nft_action(t):
    for k, a in enumerate(t):
        if a in ("snat", "masquerade", "accept", "return", "jump", "goto", "drop"):
            return nft_eval(t[k:])[2]
    return None

others = []
decided = None
def run(rules, tab, depth=0):
    global decided
    for kind, text_, t in rules:
        ok, why, act = (ipt_eval if kind == "ipt" else nft_eval)(t)
        translates = act and act[0] in ("snat", "masq")
        if decided:
            if translates: others.append((text_, "not reached: an earlier rule decided"))
            continue
        if not ok:
            if translates: others.append((text_, why))
            continue
        if act is None:
            continue
        if act[0] == "stop":
            return "stop"  # ACCEPT: the base chain ends too
        if act[0] == "return":
            return None  # RETURN: back to the chain that jumped here (in a base chain: its end)
        if act[0] == "jump":
            if depth < 8 and act[1] in tab:
                r = run(tab[act[1]], tab, depth + 1)
                if r == "stop" or decided:
                    return "stop" if r == "stop" else None
            continue
        if act[0] == "snat":
            decided = ("snat", act[1], text_)
        else:
            decided = ("masq", rsrc, text_)
    return None
for prio, rules, tab in chains:
    run(rules, tab)
    # the rules of user chains nothing reached still count as rules that translate
print("%s %s %s" % decided if decided else "none")
for text_, why in others:
    print("other %s | %s" % (text_, why))
' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}" "${src:-}"
}
