# LVS (IPVS) as the labs of this course build it: the real servers are the hosts named rs1,
# rs2, ..., each answering its own name over HTTP (rs_web in web.sh), behind a virtual service on
# $VIP. Part of the course prelude (roadmap.yaml): functions only.

# lvs_reals: the lab's real servers, one "NAME ADDRESS" line each, in the topology's order
# (rs1 $RS1_IP, rs2 $RS2_IP, ...).
lvs_reals() {
  local h var
  for h in $LAB_HOSTS; do
    case "$h" in
      rs[0-9]*)
        var=$(printf '%s_IP' "$h" | tr 'a-z-' 'A-Z_')
        eval "printf '%s %s\n' \"\$h\" \"\$$var\"" ;;
    esac
  done
}

# lvs_tally NAME...: how often each real server is among the NAMEs, "rs1 N, rs2 N, ...", every
# real server named (0 too), in order.
lvs_tally() {
  printf '%s\n' "$@" | awk -v names="$(lvs_reals | awk '{ print $1 }' | paste -sd' ' -)" '
    { n[$1]++ }
    END { k = split(names, a, " "); for (i = 1; i <= k; i++) printf "%s%s %d", (i > 1 ? ", " : ""), a[i], n[a[i]] }'
}

# lvs_director_sides (on the director of a NAT or full NAT lab, which has a public and a private
# network): sets pub_if and priv_if, its interfaces on each (its private address is the DIP);
# fails when it has lost one of its own addresses.
lvs_director_sides() {
  pub_if=$(dev_of "$DIRECTOR_PUBLIC_IP")
  priv_if=$(dev_of "$DIRECTOR_PRIVATE_IP")
  [ -n "$pub_if" ] && [ -n "$priv_if" ] ||
    fail "the director lost one of its own addresses ($DIRECTOR_PUBLIC_IP on the public side, the DIP $DIRECTOR_PRIVATE_IP on the private side): ip -br addr"
}

# ipvs_read VIP:PORT (on a director): `ipvsadm -Ln` about TCP virtual service VIP:PORT, in
#   ipvs_line    its line, "TCP  VIP:PORT SCHED [persistent SECONDS]"; empty when there is none
#   ipvs_sched   its scheduler (rr, wrr, sh, ...)
#   ipvs_persist its persistence timeout in seconds; empty when it does not persist
#   ipvs_reals   its real servers, one "RIP:PORT FORWARD WEIGHT" line each (Route, Masq, Tunnel)
#   ipvs_others  every virtual service in the table, "TCP VIP:PORT rr, ..." (to name in a message)
# ipvsadm failing is the checker's problem (broken), not the learner's.
ipvs_read() {
  local out
  out=$(ipvsadm -Ln 2>&1) || broken "ipvsadm -Ln failed on $OPSLAB_HOST: $out"
  ipvs_line=$(printf '%s\n' "$out" | awk -v s="$1" '$1 == "TCP" && $2 == s')
  ipvs_sched=$(printf '%s\n' "$ipvs_line" | awk '{ print $3 }')
  ipvs_persist=$(printf '%s\n' "$ipvs_line" | awk '{ for (i = 3; i < NF; i++) if ($i == "persistent") print $(i + 1) }')
  # A service's real servers are the "->" lines after its own line, up to the next service.
  ipvs_reals=$(printf '%s\n' "$out" | awk -v s="$1" '
    $1 == "TCP" || $1 == "UDP" || $1 == "FWM" { on = ($1 == "TCP" && $2 == s); next }
    on && $1 == "->" { print $2, $3, $4 }')
  ipvs_others=$(printf '%s\n' "$out" | awk '$1 == "TCP" || $1 == "UDP" || $1 == "FWM" { printf "%s%s %s %s", sep, $1, $2, $3; sep = ", " }')
}

# ipvs_real IP: the line of $ipvs_reals (ipvs_read) for real server IP, on whatever port; nothing
# when IP is not a real server of the service.
ipvs_real() {
  printf '%s\n' "$ipvs_reals" | awk -v ip="$1" '{ split($1, a, ":"); if (a[1] == ip) { print; exit } }'
}

# lvs_in_service VIP:PORT FORWARD WHAT (on a director): fails, the message starting with WHAT,
# unless every real server of the lab (lvs_reals) is in TCP VIP:PORT forwarded as FORWARD (Route,
# Masq, Tunnel) with a weight above 0: in service, as a health checker leaves it. A row at weight 0
# is named as such (quiescent: inhibit_on_failure keeps a failed server so, or someone set it).
lvs_in_service() {
  local svc=$1 fwd=$2 what=$3 name ip row _ f w
  ipvs_read "$svc"
  [ -n "$ipvs_line" ] || fail "$what it has no TCP $svc in ipvsadm -Ln${ipvs_others:+ (it has $ipvs_others)}: keepalived there needs the same virtual_server block"
  while read -r name ip; do
    row=$(ipvs_real "$ip")
    [ -n "$row" ] || fail "$what $name ($ip) is not in its TCP $svc (ipvsadm -Ln): keepalived removed it (its health check fails there) or its virtual_server lacks it"
    read -r _ f w <<ROW
$row
ROW
    [ "$w" != 0 ] || fail "$what $name ($ip) is at weight 0 in its TCP $svc (ipvsadm -Ln): quiescent, it gets no new connections. A failed health check with inhibit_on_failure leaves it so, or real_server ... { weight 0 }"
    [ "$f" = "$fwd" ] || fail "$what $name ($ip) is in its TCP $svc as $f, not $fwd (ipvsadm -Ln): lb_kind there must match the lab's"
  done <<REALS
$(lvs_reals)
REALS
}

# lvs_expect_service -t VIP:PORT -s SCHED [-p SECONDS] -g|-m|-i [-r PORT] [-w "W1 W2 ..."]
# (on a director): fails, naming the mistake and the ipvsadm command that mends it, unless TCP
# VIP:PORT is what `ipvsadm -A` and `-a` with these options would have made: scheduler SCHED
# ("rr|wrr": either; the first is the one advised), persistent for SECONDS (not at all without
# -p), as real servers every rsN of the lab (lvs_reals) and nothing else, each on PORT (the
# virtual port by default), forwarded with -g (Route), -m (Masq) or -i (Tunnel), with a weight
# above 0, and with -w, weights in that ratio, in lvs_reals order. Sets lvs_summary, one line for
# the pass message, and ipvs_* (ipvs_read).
lvs_expect_service() {
  local OPTIND=1 OPTARG opt svc='' scheds='' persist='' fwd='' flag='' rport='' weights=''
  while getopts 't:s:p:gmir:w:' opt; do
    case "$opt" in
      t) svc=$OPTARG ;;
      s) scheds=$OPTARG ;;
      p) persist=$OPTARG ;;
      g) fwd=Route flag=-g ;;
      m) fwd=Masq flag=-m ;;
      i) fwd=Tunnel flag=-i ;;
      r) rport=$OPTARG ;;
      w) weights=$OPTARG ;;
      *) broken "lvs_expect_service: unknown option (see curricula/linux-ops/lib/lvs.sh)" ;;
    esac
  done
  [ -n "$svc" ] && [ -n "$scheds" ] && [ -n "$fwd" ] || broken "lvs_expect_service needs -t VIP:PORT, -s SCHED and one of -g, -m, -i"
  [ -n "$rport" ] || rport=${svc##*:}
  local want=${scheds%%|*} p=''
  [ -z "$persist" ] || p=" -p $persist"

  # 1. The virtual service.
  ipvs_read "$svc"
  [ -n "$ipvs_line" ] ||
    fail "no virtual service on TCP $svc${ipvs_others:+ (ipvsadm -Ln has $ipvs_others)}: ipvsadm -A -t $svc -s $want$p"
  if [ -z "$persist" ] && [ -n "$ipvs_persist" ]; then
    fail "TCP $svc is persistent ($ipvs_persist s, -p): a client's first connection picks a server and leaves a template, and every later one from that client goes to the same server, so one client sticks to one server and $want never decides again. This service must not persist: ipvsadm -E -t $svc -s $want"
  elif [ -n "$persist" ] && [ -z "$ipvs_persist" ]; then
    fail "TCP $svc $ipvs_sched is not persistent: without -p every new connection is scheduled afresh and one client is sent round the servers. ipvsadm -E -t $svc -s $want -p $persist"
  elif [ "$persist" != "$ipvs_persist" ]; then
    fail "TCP $svc is persistent for $ipvs_persist s; the task asks for $persist s (ipvsadm -E -t $svc -s $want -p $persist). -p without a number gives the default (360 s with this ipvsadm)"
  fi
  case "|$scheds|" in
    *"|$ipvs_sched|"*) ;;
    *)
      [ "$ipvs_sched" != wlc ] ||
        fail "the scheduler of TCP $svc is wlc, which is what ipvsadm -A and -E choose when -s is missing: ipvsadm -E -t $svc -s $want$p"
      case "$ipvs_sched:$weights" in
        rr:?* | lc:?*) fail "the scheduler of TCP $svc is $ipvs_sched, which ignores weights; this task asks for $want: ipvsadm -E -t $svc -s $want$p" ;;
      esac
      fail "the scheduler of TCP $svc is $ipvs_sched; this task asks for $want: ipvsadm -E -t $svc -s $want$p" ;;
  esac

  # 2. Its real servers: the lab's, and no others.
  local reals names first rest
  reals=$(lvs_reals)
  names=$(printf '%s\n' "$reals" | awk '{ printf "%s%s (%s)", sep, $1, $2; sep = ", " }')
  first=$(printf '%s\n' "$reals" | awk 'NR == 1 { print $2 }')
  rest=$(printf '%s\n' "$reals" | awk 'NR > 1 { printf "%s%s", sep, $1; sep = ", " }')
  [ -n "$ipvs_reals" ] ||
    fail "TCP $svc has no real servers: ipvsadm -a -t $svc -r $first:$rport $flag (and the same for $rest)"
  local addr _
  while read -r addr _; do
    printf '%s\n' "$reals" | awk -v ip="${addr%:*}" '$2 == ip { f = 1 } END { exit !f }' ||
      fail "$addr is a real server of TCP $svc, but none of this lab's, $names: ipvsadm -d -t $svc -r $addr"
  done <<REALS
$ipvs_reals
REALS
  local name ip bad='' badip='' kind='' ws=''
  while read -r name ip; do
    set -- $(ipvs_real "$ip")
    [ "$#" -eq 3 ] || fail "$name ($ip) is not a real server of TCP $svc: ipvsadm -a -t $svc -r $ip:$rport $flag"
    if [ "${1##*:}" != "$rport" ]; then
      [ "$fwd" != Masq ] ||
        fail "$name is a real server of TCP $svc on port ${1##*:}, but the service behind it listens on $rport (NAT may change the port, so it must be given): ipvsadm -d -t $svc -r $1; ipvsadm -a -t $svc -r $ip:$rport -m"
      fail "$name is a real server of TCP $svc on port ${1##*:}: with $flag the director does not rewrite the packet, so the real port must be the virtual port $rport. ipvsadm -d -t $svc -r $1; ipvsadm -a -t $svc -r $ip:$rport $flag"
    fi
    if [ "$3" = 0 ]; then
      [ "$ipvs_sched" != sh ] ||
        fail "$name has weight 0 on TCP $svc. Weight 0 means quiescent; sh still hashes some source addresses to it and then refuses them instead of moving them (unless --sched-flags sh-fallback): ipvsadm -e -t $svc -r $ip:$rport $flag -w 1"
      fail "$name has weight 0 on TCP $svc (quiescent): IPVS sends it no new connections at all. ipvsadm -e -t $svc -r $ip:$rport $flag -w 1"
    fi
    # Forwarding mistakes are gathered (usually every server has the same one) and named together.
    if [ "$2" != "$fwd" ] && { [ -z "$kind" ] || [ "$2" = "$kind" ]; }; then
      bad="$bad${bad:+ and }$name" badip=$ip kind=$2
    fi
    ws="$ws${ws:+ }$3"
  done <<REALS
$reals
REALS
  if [ -n "$bad" ]; then
    local rip=$badip
    case "$bad" in *' and '*) rip=RIP ;; esac
    local fix="ipvsadm -e -t $svc -r $rip:$rport $flag"
    case "$fwd:$kind" in
      Masq:Route) fail "$bad: Forward is Route (-g), what ipvsadm -a and -e pick when given no -m, -g or -i. With -g the packet reaches the real server still addressed to the VIP, which it does not hold, and it drops it. NAT (full NAT too, which is built on it) needs -m: $fix (-e needs the method again, or it falls back to -g)" ;;
      Masq:*) fail "$bad: Forward is $kind, not Masq: NAT (full NAT too, which is built on it) needs -m: $fix" ;;
      Route:Masq) fail "$bad: Forward is Masq (-m), but DR needs -g (Route). With -m the director rewrites the destination to the RIP, and the real server replies from its RIP straight to the client, which drops an answer from an address it never called. $fix" ;;
      Route:Tunnel) fail "$bad: Forward is Tunnel (-i, IP-in-IP), but this is a DR lab: use -g (Route). $fix" ;;
      Tunnel:Route) fail "$bad: Forward is Route (-g, direct routing, and the default of ipvsadm -a): TUN needs -i (Tunnel), so that the director wraps each packet in IPIP to the real server. $fix" ;;
      Tunnel:Masq) fail "$bad: Forward is Masq (-m, NAT): TUN needs -i (Tunnel). $fix" ;;
      *) fail "$bad: Forward is $kind; this lab needs $flag ($fwd): $fix" ;;
    esac
  fi

  # 3. The weights, when the task gives them: w_i * want_1 == w_1 * want_i for every server i.
  local list
  list=$(printf '%s\n' "$reals" | awk '{ print $1 }' | paste -sd' ' -)
  lvs_summary="TCP $svc $ipvs_sched${ipvs_persist:+ persistent $ipvs_persist s}: $list on port $rport, $fwd, weights $ws"
  [ -n "$weights" ] || return 0
  awk -v got="$ws" -v want="$weights" 'BEGIN {
    n = split(got, g, " "); if (split(want, w, " ") != n) exit 1
    for (i = 2; i <= n; i++) if (g[i] * w[1] != g[1] * w[i]) exit 1 }' ||
    fail "the weights on TCP $svc are $(lvs_pairs "$list" "$ws"); the task asks for $(printf '%s' "$weights" | tr ' ' :), that is $(lvs_pairs "$list" "$weights") or a multiple (ipvsadm -e -t $svc -r RIP:$rport $flag -w W)"
}

# lvs_pairs "rs1 rs2" "3 1": "rs1 3, rs2 1" (names and values side by side, for messages).
lvs_pairs() {
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); split(b, y, " "); for (i = 1; i <= n; i++) printf "%s%s %s", (i > 1 ? ", " : ""), x[i], y[i] }'
}

# vip_requests N WHY_TIMEOUT [WHERE_VIP] (on a client): N requests to http://$VIP/, each on a new
# TCP connection (IPVS schedules connections, not requests), in order. Fails at the first one
# without an answer: nobody answers ARP for the VIP (WHERE_VIP says where it belongs), the
# connection is refused (the VIP is there, no virtual service), or it times out, which
# WHY_TIMEOUT explains for the lab's forwarding method; and at the first answer that does not
# start with a real server's name. Sets
#   vip_answers  one line per request, "I NAME REST" (REST: what the page said after the name)
#   vip_tally    "rs1 N, rs2 N" (lvs_tally of the names)
vip_requests() {
  local n=$1 why=$2 where=${3:-"is the VIP up on the director's eth0?"} i=0 rc body names
  names=" $(lvs_reals | awk '{ print $1 }' | paste -sd' ' -) "
  vip_answers=''
  while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    rc=0
    body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) || rc=$?
    if [ "$rc" -ne 0 ]; then
      [ -n "$(neigh_mac "$VIP")" ] ||
        fail "request $i of $n: nobody answers ARP for the VIP $VIP, so the client cannot even send its SYN: $where"
      [ "$rc" != 7 ] ||
        fail "request $i of $n to $VIP:80 was refused: the director holds $VIP, but no virtual service matches TCP port 80, so its own kernel resets the connection (ipvsadm -Ln on the director)"
      fail "request $i of $n to $VIP:80 timed out (the client has $VIP at $(neigh_mac "$VIP")): $why"
    fi
    body=$(printf '%s\n' "$body" | head -n 1)
    case "$names" in
      *" ${body%% *} "*) ;;
      *) fail "request $i of $n to $VIP:80 got an answer from none of the real servers ($(printf %s "$body" | cut -c1-60)): is a web server on the director itself answering instead of IPVS?" ;;
    esac
    vip_answers="$vip_answers${vip_answers:+
}$i $body"
  done
  vip_tally=$(lvs_tally $(printf '%s\n' "$vip_answers" | awk '{ print $2 }'))
}

# lan_mac IP (on a client): the MAC of the host at IP on eth0, learned two ways: asked by ARP
# without teaching it the client's (arp_mac, lib/net.sh), else from the neighbour entry a ping
# leaves (a host whose ARP rules or sysctls ignore the probes still answers a real neighbour).
# Nothing when neither works.
lan_mac() {
  local m
  m=$(arp_mac "$1")
  if [ -z "$m" ]; then
    ping -c 1 -W 2 "$1" >/dev/null 2>&1 </dev/null || true
    m=$(neigh_mac "$1")
  fi
  printf '%s\n' "$m"
}

# lvs_mac_name MAC (on a client of a one-LAN lab): who has MAC: "the director", "rs1" ...; "an
# unknown host" when none of them does.
lvs_mac_name() {
  local name ip
  [ "$1" != "$(lan_mac "$DIRECTOR_IP")" ] || { echo "the director"; return 0; }
  while read -r name ip; do
    [ "$1" != "$(lan_mac "$ip")" ] || { echo "$name"; return 0; }
  done <<REALS
$(lvs_reals)
REALS
  echo "an unknown host"
}

# lvs_expect_arp_director (on the client of a DR or TUN lab, one LAN with the real servers): the
# client's neighbour entry for the VIP is forgotten, and only the director answers ARP for the VIP
# (arp_macs, lib/net.sh: every answer, not just the first). Fails naming who else answers; sets
# director_mac. The entry is forgotten again afterwards.
lvs_expect_arp_director() {
  local mac who
  director_mac=$(lan_mac "$DIRECTOR_IP")
  [ -n "$director_mac" ] || fail "the director ($DIRECTOR_IP) answers neither ARP nor ping from the client: is its eth0 up?"
  ip neigh del "$VIP" dev eth0 2>/dev/null || true
  for mac in $(arp_macs "$VIP"); do
    [ "$mac" != "$director_mac" ] || continue
    who=$(lvs_mac_name "$mac")
    fail "$who answers ARP for the VIP (its MAC $mac answered the client's request for $VIP): ARP for the VIP is not suppressed on $who (arp_ignore 1 in max(all, eth0), or an ARP rule that drops requests for the VIP), so the client can send VIP traffic straight to $who and skip the director"
  done
  ip neigh del "$VIP" dev eth0 2>/dev/null || true
}

# lvs_expect_entry_director GOT (on the same client, after vip_requests): the client still has the
# VIP at the director's MAC. A real server that sends "who-has CLIENT tell VIP" (arp_announce 0 or
# 1) changes the entry, and every later connection skips the director. The message starts with GOT.
lvs_expect_entry_director() {
  local entry who
  entry=$(neigh_mac "$VIP")
  [ -n "$entry" ] && [ "$entry" != "$director_mac" ] || return 0
  who=$(lvs_mac_name "$entry")
  fail "$1, and the client's neighbour entry for $VIP is now $entry ($who): $who announced the VIP in its own ARP request (who-has $CLIENT_IP tell $VIP), so the client sends VIP traffic straight to $who and skips the director. arp_announce must be 2 in max(all, eth0) on $who (or an ARP rule that rewrites or drops its ARP sent from the VIP)"
}

# vip_count NAME: how many of the requests of vip_requests NAME answered.
vip_count() {
  printf '%s\n' "$vip_answers" | awk -v n="$1" '$2 == n { c++ } END { print c + 0 }'
}

# vip_expect_even GOT: fails, the message starting with GOT (what the requests got), unless the
# requests of vip_requests reached every real server and evenly, as round robin spreads them
# (counts that differ by 1 at most).
vip_expect_even() {
  local name _ c min='' max=''
  while read -r name _; do
    c=$(vip_count "$name")
    [ "$c" -gt 0 ] ||
      fail "$1: IPVS sends $name no new connections. On the director (ipvsadm -Ln): is the service persistent (-p), $name at weight 0 or missing, or the scheduler not rr?"
    [ -n "$min" ] && [ "$c" -ge "$min" ] || min=$c
    [ -n "$max" ] && [ "$c" -le "$max" ] || max=$c
  done <<REALS
$(lvs_reals)
REALS
  [ $((max - min)) -le 1 ] ||
    fail "$1: round robin gives the servers new connections in turn, so their counts differ by 1 at most. Look at the scheduler and the weights in ipvsadm -Ln on the director"
}
