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
    fail_t lvs-director-lost-address public_ip="$DIRECTOR_PUBLIC_IP" dip="$DIRECTOR_PRIVATE_IP"
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

# lvs_in_service VIP:PORT FORWARD KEY (on a director): fails unless every real server of the lab
# (lvs_reals) is in TCP VIP:PORT forwarded as FORWARD (Route, Masq, Tunnel) with a weight above 0:
# in service, as a health checker leaves it. A row at weight 0 is named as such (quiescent:
# inhibit_on_failure keeps a failed server so, or someone set it). KEY is the first part of the
# message keys, which the caller's catalog has (whole sentences that say, in the caller's words,
# where this is checked): KEY-service-missing (svc), KEY-service-missing-others (svc, others),
# KEY-real-missing, KEY-real-quiescent (name, ip, svc) and KEY-real-wrong-forward (also f, fwd):
#   lvs_in_service "$VIP:80" Route lb2-vip
lvs_in_service() {
  local svc=$1 fwd=$2 key=$3 name ip row _ f w
  case "$key" in
    '' | *[!a-z0-9._-]*) broken "lvs_in_service: '$key' is not a message key (see curricula/linux-ops/lib/lvs.sh)" ;;
  esac
  ipvs_read "$svc"
  if [ -z "$ipvs_line" ]; then
    [ -z "$ipvs_others" ] || fail_t "$key-service-missing-others" svc="$svc" others="$ipvs_others"
    fail_t "$key-service-missing" svc="$svc"
  fi
  while read -r name ip; do
    row=$(ipvs_real "$ip")
    [ -n "$row" ] || fail_t "$key-real-missing" name="$name" ip="$ip" svc="$svc"
    read -r _ f w <<ROW
$row
ROW
    [ "$w" != 0 ] || fail_t "$key-real-quiescent" name="$name" ip="$ip" svc="$svc"
    [ "$f" = "$fwd" ] || fail_t "$key-real-wrong-forward" name="$name" ip="$ip" svc="$svc" f="$f" fwd="$fwd"
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
# above 0, and with -w, weights in that ratio, in lvs_reals order. Sets ipvs_* (ipvs_read) and
# lvs_list and lvs_weights, for the pass message (lvs_pass_service).
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
  if [ -z "$ipvs_line" ]; then
    [ -z "$ipvs_others" ] || fail_t lvs-no-service-others svc="$svc" others="$ipvs_others" want="$want" p="$p"
    fail_t lvs-no-service svc="$svc" want="$want" p="$p"
  fi
  if [ -z "$persist" ] && [ -n "$ipvs_persist" ]; then
    fail_t lvs-persistent svc="$svc" ipvs_persist="$ipvs_persist" want="$want"
  elif [ -n "$persist" ] && [ -z "$ipvs_persist" ]; then
    fail_t lvs-not-persistent svc="$svc" ipvs_sched="$ipvs_sched" want="$want" persist="$persist"
  elif [ "$persist" != "$ipvs_persist" ]; then
    fail_t lvs-persist-timeout svc="$svc" ipvs_persist="$ipvs_persist" persist="$persist" want="$want"
  fi
  case "|$scheds|" in
    *"|$ipvs_sched|"*) ;;
    *)
      [ "$ipvs_sched" != wlc ] ||
        fail_t lvs-sched-default-wlc svc="$svc" want="$want" p="$p"
      case "$ipvs_sched:$weights" in
        rr:?* | lc:?*) fail_t lvs-sched-ignores-weights svc="$svc" ipvs_sched="$ipvs_sched" want="$want" p="$p" ;;
      esac
      fail_t lvs-sched-wrong svc="$svc" ipvs_sched="$ipvs_sched" want="$want" p="$p" ;;
  esac

  # 2. Its real servers: the lab's, and no others.
  local reals names first rest
  reals=$(lvs_reals)
  names=$(printf '%s\n' "$reals" | awk '{ printf "%s%s (%s)", sep, $1, $2; sep = ", " }')
  first=$(printf '%s\n' "$reals" | awk 'NR == 1 { print $2 }')
  rest=$(printf '%s\n' "$reals" | awk 'NR > 1 { printf "%s%s", sep, $1; sep = ", " }')
  [ -n "$ipvs_reals" ] ||
    fail_t lvs-no-reals svc="$svc" first="$first" rport="$rport" flag="$flag" rest="$rest"
  local addr _
  while read -r addr _; do
    printf '%s\n' "$reals" | awk -v ip="${addr%:*}" '$2 == ip { f = 1 } END { exit !f }' ||
      fail_t lvs-real-foreign addr="$addr" svc="$svc" names="$names"
  done <<REALS
$ipvs_reals
REALS
  local name ip bad='' bad2='' bad3='' nbad=0 badip='' kind='' ws=''
  while read -r name ip; do
    set -- $(ipvs_real "$ip")
    [ "$#" -eq 3 ] || fail_t lvs-real-absent name="$name" ip="$ip" svc="$svc" rport="$rport" flag="$flag"
    if [ "${1##*:}" != "$rport" ]; then
      [ "$fwd" != Masq ] ||
        fail_t lvs-nat-port-wrong name="$name" svc="$svc" port="${1##*:}" rport="$rport" real="$1" ip="$ip"
      fail_t lvs-port-differs name="$name" svc="$svc" port="${1##*:}" flag="$flag" rport="$rport" real="$1" ip="$ip"
    fi
    if [ "$3" = 0 ]; then
      [ "$ipvs_sched" != sh ] ||
        fail_t lvs-weight-0-sh name="$name" svc="$svc" ip="$ip" rport="$rport" flag="$flag"
      fail_t lvs-weight-0 name="$name" svc="$svc" ip="$ip" rport="$rport" flag="$flag"
    fi
    # Forwarding mistakes are gathered (usually every server has the same one) and named together:
    # bad, bad2, bad3, each a name, for messages that say "rs1 and rs2" in their own words.
    if [ "$2" != "$fwd" ] && { [ -z "$kind" ] || [ "$2" = "$kind" ]; }; then
      nbad=$((nbad + 1)) badip=$ip kind=$2
      case "$nbad" in
        1) bad=$name ;;
        2) bad2=$name ;;
        3) bad3=$name ;;
        *) broken "lvs_expect_service: its messages name at most 3 real servers (see curricula/linux-ops/lib/lvs.sh)" ;;
      esac
    fi
    ws="$ws${ws:+ }$3"
  done <<REALS
$reals
REALS
  if [ -n "$bad" ]; then
    # One server (the keys below), two (ending -two: {bad} and {bad2}) or three (-three).
    local rip=$badip form=''
    case "$nbad" in 2) form=-two ;; 3) form=-three ;; esac
    [ "$nbad" -eq 1 ] || rip=RIP
    local fix="ipvsadm -e -t $svc -r $rip:$rport $flag"
    # message keys: lvs-route-not-masq lvs-route-not-masq-two lvs-route-not-masq-three
    # message keys: lvs-not-masq lvs-not-masq-two lvs-not-masq-three
    # message keys: lvs-masq-not-route lvs-masq-not-route-two lvs-masq-not-route-three
    # message keys: lvs-tunnel-not-route lvs-tunnel-not-route-two lvs-tunnel-not-route-three
    # message keys: lvs-route-not-tunnel lvs-route-not-tunnel-two lvs-route-not-tunnel-three
    # message keys: lvs-masq-not-tunnel lvs-masq-not-tunnel-two lvs-masq-not-tunnel-three
    # message keys: lvs-wrong-forward lvs-wrong-forward-two lvs-wrong-forward-three
    case "$fwd:$kind" in
      Masq:Route) fail_t "lvs-route-not-masq$form" bad="$bad" bad2="$bad2" bad3="$bad3" fix="$fix" ;;
      Masq:*) fail_t "lvs-not-masq$form" bad="$bad" bad2="$bad2" bad3="$bad3" kind="$kind" fix="$fix" ;;
      Route:Masq) fail_t "lvs-masq-not-route$form" bad="$bad" bad2="$bad2" bad3="$bad3" fix="$fix" ;;
      Route:Tunnel) fail_t "lvs-tunnel-not-route$form" bad="$bad" bad2="$bad2" bad3="$bad3" fix="$fix" ;;
      Tunnel:Route) fail_t "lvs-route-not-tunnel$form" bad="$bad" bad2="$bad2" bad3="$bad3" fix="$fix" ;;
      Tunnel:Masq) fail_t "lvs-masq-not-tunnel$form" bad="$bad" bad2="$bad2" bad3="$bad3" fix="$fix" ;;
      *) fail_t "lvs-wrong-forward$form" bad="$bad" bad2="$bad2" bad3="$bad3" kind="$kind" flag="$flag" fwd="$fwd" fix="$fix" ;;
    esac
  fi

  # 3. The weights, when the task gives them: w_i * want_1 == w_1 * want_i for every server i.
  local list
  list=$(printf '%s\n' "$reals" | awk '{ print $1 }' | paste -sd' ' -)
  lvs_svc=$svc lvs_list=$list lvs_rport=$rport lvs_fwd=$fwd lvs_weights=$ws
  [ -n "$weights" ] || return 0
  awk -v got="$ws" -v want="$weights" 'BEGIN {
    n = split(got, g, " "); if (split(want, w, " ") != n) exit 1
    for (i = 2; i <= n; i++) if (g[i] * w[1] != g[1] * w[i]) exit 1 }' ||
    fail_t lvs-weights-wrong svc="$svc" got_pairs="$(lvs_pairs "$list" "$ws")" ratio="$(printf '%s' "$weights" | tr ' ' :)" want_pairs="$(lvs_pairs "$list" "$weights")" rport="$rport" flag="$flag"
}

# lvs_pass_service [vip] (after lvs_expect_service): passes, saying what the service is, e.g.
# "TCP 10.0.0.100:80 rr: rs1 rs2 on port 80, Masq, weights 1 1"; with vip, first that the VIP is on
# the director (DR and TUN check it before). A persistent service says for how long; with vip it
# never is (those labs' services do not persist, and lvs_expect_service has failed by then).
# message keys: lvs-service-ok lvs-service-ok-persistent lvs-director-ok
lvs_pass_service() {
  [ "${1:-}" != vip ] ||
    pass_t lvs-director-ok svc="$lvs_svc" sched="$ipvs_sched" reals="$lvs_list" port="$lvs_rport" fwd="$lvs_fwd" weights="$lvs_weights"
  [ -z "$ipvs_persist" ] ||
    pass_t lvs-service-ok-persistent svc="$lvs_svc" sched="$ipvs_sched" persist="$ipvs_persist" reals="$lvs_list" port="$lvs_rport" fwd="$lvs_fwd" weights="$lvs_weights"
  pass_t lvs-service-ok svc="$lvs_svc" sched="$ipvs_sched" reals="$lvs_list" port="$lvs_rport" fwd="$lvs_fwd" weights="$lvs_weights"
}

# lvs_pairs "rs1 rs2" "3 1": "rs1 3, rs2 1" (names and values side by side, for messages).
lvs_pairs() {
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); split(b, y, " "); for (i = 1; i <= n; i++) printf "%s%s %s", (i > 1 ? ", " : ""), x[i], y[i] }'
}

# vip_requests N TIMEOUT_KEY [NO_ARP_KEY] [NAME=VALUE ...] (on a client): N requests to
# http://$VIP/, each on a new TCP connection (IPVS schedules connections, not requests), in order.
# Fails at the first one without an answer: nobody answers ARP for the VIP (lvs-no-arp, or
# NO_ARP_KEY, a message of the exercise's catalog saying where the VIP belongs in its lab), the
# connection is refused (the VIP is there, no virtual service), or it times out: TIMEOUT_KEY, a
# message of the exercise's catalog that explains it for the lab's forwarding method. Keys, not
# words, so that the learner reads each message whole in their language. Both keys' messages get
# the arguments i, n and vip (the timeout's mac too) and every NAME=VALUE given:
#   vip_requests 8 request-timeout dip="$DIRECTOR_PRIVATE_IP"
#   vip_requests 4 pair-request-timeout pair-no-arp
# Sets
#   vip_answers  one line per request, "I NAME REST" (REST: what the page said after the name)
#   vip_tally    "rs1 N, rs2 N" (lvs_tally of the names)
#   vip_n        N
# message keys: lvs-no-arp
vip_requests() {
  local n=$1 why=$2 noarp=lvs-no-arp i=0 rc body names key
  shift 2
  case "${1:-}" in
    '' | *=*) ;;
    *) noarp=$1; shift ;;
  esac
  for key in "$why" "$noarp"; do
    case "$key" in
      '' | *[!a-z0-9._-]*) broken "vip_requests: '$key' is not a message key (see curricula/linux-ops/lib/lvs.sh)" ;;
    esac
  done
  vip_n=$n
  names=" $(lvs_reals | awk '{ print $1 }' | paste -sd' ' -) "
  vip_answers=''
  while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    rc=0
    body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) || rc=$?
    if [ "$rc" -ne 0 ]; then
      [ -n "$(neigh_mac "$VIP")" ] ||
        fail_t "$noarp" i="$i" n="$n" vip="$VIP" "$@"
      [ "$rc" != 7 ] ||
        fail_t lvs-request-refused i="$i" n="$n" vip="$VIP"
      fail_t "$why" i="$i" n="$n" vip="$VIP" mac="$(neigh_mac "$VIP")" "$@"
    fi
    body=$(printf '%s\n' "$body" | head -n 1)
    case "$names" in
      *" ${body%% *} "*) ;;
      *) fail_t lvs-answer-not-real i="$i" n="$n" vip="$VIP" answer="$(printf %s "$body" | cut -c1-60)" ;;
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

# lvs_mac_name MAC (on a client of a one-LAN lab): who has MAC: "director", "rs1" ... (host
# names: data); nothing when none of them does. Messages name each case in their own words
# (lvs_who_form).
lvs_mac_name() {
  local name ip
  [ "$1" != "$(lan_mac "$DIRECTOR_IP")" ] || { echo director; return 0; }
  while read -r name ip; do
    [ "$1" != "$(lan_mac "$ip")" ] || { echo "$name"; return 0; }
  done <<REALS
$(lvs_reals)
REALS
}

# lvs_who_form NAME (what lvs_mac_name said): the suffix of the message key that names that host:
# nothing for a real server (its name is the {who} of the message), -director for the director
# ("the director"), -unknown when nobody of the lab has the MAC ("an unknown host").
lvs_who_form() {
  case "$1" in
    '') echo -unknown ;;
    director) echo -director ;;
  esac
}

# lvs_expect_arp_director (on the client of a DR or TUN lab, one LAN with the real servers): the
# client's neighbour entry for the VIP is forgotten, and only the director answers ARP for the VIP
# (arp_macs, lib/net.sh: every answer, not just the first). Fails naming who else answers; sets
# director_mac. The entry is forgotten again afterwards.
lvs_expect_arp_director() {
  local mac who
  director_mac=$(lan_mac "$DIRECTOR_IP")
  [ -n "$director_mac" ] || fail_t lvs-director-silent director_ip="$DIRECTOR_IP"
  ip neigh del "$VIP" dev eth0 2>/dev/null || true
  for mac in $(arp_macs "$VIP"); do
    [ "$mac" != "$director_mac" ] || continue
    who=$(lvs_mac_name "$mac")
    # message keys: lvs-other-answers-arp lvs-other-answers-arp-director lvs-other-answers-arp-unknown
    fail_t "lvs-other-answers-arp$(lvs_who_form "$who")" who="$who" mac="$mac" vip="$VIP"
  done
  ip neigh del "$VIP" dev eth0 2>/dev/null || true
}

# lvs_expect_entry_director (on the same client, after vip_requests, in a lab of two real servers,
# rs1 and rs2): the client still has the VIP at the director's MAC. A real server that sends
# "who-has CLIENT tell VIP" (arp_announce 0 or 1) changes the entry, and every later connection
# skips the director. The message starts with what the requests got (rs1 answered X and rs2 Y).
lvs_expect_entry_director() {
  local entry who
  entry=$(neigh_mac "$VIP")
  [ -n "$entry" ] && [ "$entry" != "$director_mac" ] || return 0
  who=$(lvs_mac_name "$entry")
  # message keys: lvs-entry-not-director lvs-entry-not-director-director lvs-entry-not-director-unknown
  fail_t "lvs-entry-not-director$(lvs_who_form "$who")" rs1="$(vip_count rs1)" rs2="$(vip_count rs2)" n="$vip_n" vip="$VIP" entry="$entry" who="$who" client_ip="$CLIENT_IP"
}

# vip_count NAME: how many of the requests of vip_requests NAME answered.
vip_count() {
  printf '%s\n' "$vip_answers" | awk -v n="$1" '$2 == n { c++ } END { print c + 0 }'
}

# vip_expect_even [DIP] (in a lab of two real servers, rs1 and rs2): fails, the message starting
# with what the requests got (rs1 answered X and rs2 Y of N; with DIP, each seeing the DIP as the
# source, as in full NAT), unless the requests of vip_requests reached every real server and
# evenly, as round robin spreads them (counts that differ by 1 at most).
# message keys: lvs-even-none lvs-even-none-dip lvs-uneven lvs-uneven-dip
vip_expect_even() {
  local name _ c min='' max='' dip=${1:-} rs1 rs2
  rs1=$(vip_count rs1) rs2=$(vip_count rs2)
  while read -r name _; do
    c=$(vip_count "$name")
    if [ "$c" -le 0 ]; then
      [ -z "$dip" ] || fail_t lvs-even-none-dip rs1="$rs1" rs2="$rs2" n="$vip_n" dip="$dip" name="$name"
      fail_t lvs-even-none rs1="$rs1" rs2="$rs2" n="$vip_n" name="$name"
    fi
    [ -n "$min" ] && [ "$c" -ge "$min" ] || min=$c
    [ -n "$max" ] && [ "$c" -le "$max" ] || max=$c
  done <<REALS
$(lvs_reals)
REALS
  [ $((max - min)) -gt 1 ] || return 0
  [ -z "$dip" ] || fail_t lvs-uneven-dip rs1="$rs1" rs2="$rs2" n="$vip_n" dip="$dip"
  fail_t lvs-uneven rs1="$rs1" rs2="$rs2" n="$vip_n"
}
