set -eu
# Task "pair", on lb1 and on lb2: keepalived runs, its configuration has the pieces the task
# asks for, the IPVS table it wrote is right, and the VIP is on lb1 only. Where something is
# off, say which keepalived setting causes it.
me=$OPSLAB_HOST
svc="$VIP:80"
# The configuration the running keepalived was started with, as keepalived reads it: its command
# line, includes, @config-id lines, $definitions (keepalived_conf, scripts/lib.sh).
keepalived_conf
conf=$k_conf
files=$conf
[ "$k_files" = "$conf" ] || files="$conf and the files it includes"
inc=''
[ -z "$k_missing" ] ||
  inc=" (an include of it matches no file: $k_missing; a relative include is read from the folder of the file that includes it)"
other_ip=$LB2_IP other=lb2
[ "$me" = lb1 ] || other_ip=$LB1_IP other=lb1

# The first VRRP advert from the other director that arrives within 4 s, in adv_vrid, adv_prio and
# adv_auth (empty when none came). A master sends one every advert_int (1 s); a backup sends none.
advert_of_other() {
  local line
  line=$(timeout 4 tcpdump -l -v -n -i eth0 -c 1 "ip proto 112 and src host $other_ip" </dev/null 2>/dev/null | grep -m1 vrid || true)
  adv_vrid=$(printf '%s\n' "$line" | sed -n 's/.*vrid \([0-9]*\).*/\1/p')
  adv_prio=$(printf '%s\n' "$line" | sed -n 's/.*prio \([0-9]*\).*/\1/p')
  adv_auth=$(printf '%s\n' "$line" | sed -n 's/.*auth "\([^"]*\)".*/\1/p')
}

# 1. VRRP.
if [ -z "$k_vrrp" ]; then
  [ -z "$k_def" ] ||
    fail "$files on $me has \$$k_def$k_def_rest in a virtual_ipaddress block: keepalived replaces a bare \$$k_def only before a space, tab, comma, ) or the line's end, so it keeps \$$k_def$k_def_rest as it is, not an address, and never adds the VIP $VIP. Write \${$k_def}$k_def_rest"
  fail "$files on $me has no vrrp_instance with $VIP in its virtual_ipaddress block ($k_inst vrrp_instance(s) in all)$inc: keepalived never adds the VIP"
fi
[ -z "$k_strict" ] ||
  fail "global_defs has vrrp_strict: it forbids unicast_peer and installs firewall rules that drop traffic to the VIP unless you add accept. Remove vrrp_strict"
case "$me:$k_state" in
  lb1:MASTER | lb2:BACKUP) ;;
  lb1:BACKUP)
    # Both BACKUP is a usual set-up too: the higher priority takes over (it preempts), unless nopreempt.
    [ -z "$k_nopreempt" ] ||
      fail "vrrp_instance $k_vrrp on lb1 has state BACKUP with nopreempt: lb1 then never takes the VIP back from lb2 after a failover, and this exercise wants it back. Remove nopreempt (or use state MASTER)" ;;
  lb1:*) fail "vrrp_instance $k_vrrp on lb1 has state ${k_state:-(none)}: the task asks for state MASTER on lb1" ;;
  *) fail "vrrp_instance $k_vrrp on lb2 has state ${k_state:-(none)}: the task asks for state BACKUP on lb2 (a MASTER that restarts grabs the VIP and sends gratuitous ARP before it hears the other's higher priority, so the service flaps)" ;;
esac
[ -n "$k_vrid" ] || fail "vrrp_instance $k_vrrp on $me has no virtual_router_id (it is required; both directors must use the same one)"
[ -n "$k_peers" ] ||
  fail "vrrp_instance $k_vrrp on $me sends its adverts by multicast to 224.0.0.18, and this lab's network (like most clouds) drops multicast, so each director thinks the other is dead: add unicast_peer { $other_ip } (the other director)"

# 2. The virtual server.
[ -n "$k_vs" ] || fail "$files on $me has no virtual_server $VIP 80 { ... }$inc"
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
case "$k_proto" in
  TCP) ;;
  '') fail "virtual_server $VIP 80 has no protocol: keepalived 2.2 then makes a UDP service (its log says 'no protocol set - defaulting to UDP'), and HTTP is TCP. Add protocol TCP" ;;
  *) fail "virtual_server $VIP 80 has protocol $k_proto; HTTP needs protocol TCP" ;;
esac
[ -z "$k_persist" ] ||
  fail "virtual_server $VIP 80 has persistence_timeout $k_persist (from keepalived's sample file): one client then sticks to one real server for $k_persist s, and rr never shows. Remove it"
for rs in rs1 rs2; do
  eval "have=\$k_$rs"
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  [ -n "$have" ] || fail "virtual_server $VIP 80 has no real_server $ip 80 ($rs)"
  eval "port=\$k_${rs}_port check=\$k_${rs}_check weight=\$k_${rs}_weight kind=\$k_${rs}_kind"
  [ "$port" = 80 ] || fail "real_server $ip ${port:-(no port)}: in DR the real port must be the virtual port, 80"
  [ "$kind" = DR ] || fail "real_server $ip 80 ($rs) has its own lvs_method $kind; the real servers are set up for DR"
  [ "$weight" != 0 ] ||
    fail "real_server $ip 80 ($rs) has weight 0: IPVS takes a server of weight 0 as quiescent and sends it no new connections at all. Give it weight 1 (or leave weight out: 1 is the default)"
  [ -n "$check" ] || fail "real_server $ip 80 ($rs) has no health check: add HTTP_GET { url { path / status_code 200 } connect_timeout 2 } or TCP_CHECK { connect_timeout 2 }"
done

# 3. What keepalived wrote into IPVS (ipvs_read, lib/lvs.sh).
ipvs_read "$svc"
[ -n "$ipvs_line" ] || fail "keepalived runs on $me with virtual_server $VIP 80, but ipvsadm -Ln has no TCP $svc${ipvs_others:+ (it has $ipvs_others)}: look at keepalived's log (errors about IPVS?), and restart keepalived after editing"
for rs in rs1 rs2; do
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  entry=$(ipvs_real "$ip")
  set -- $entry
  # Out of service: removed, or (inhibit_on_failure) kept at weight 0.
  if [ -z "$entry" ] || [ "$3" = 0 ]; then
    eval "check=\$k_${rs}_check cport=\$k_${rs}_cport path=\$k_${rs}_path code=\$k_${rs}_code inhibit=\$k_${rs}_inhibit"
    if [ -n "$entry" ] && [ -z "$inhibit" ]; then
      fail "$rs is in TCP $svc at weight 0 (quiescent: no new connections), though the configuration keepalived was started with gives it weight $(eval "echo \$k_${rs}_weight"): was the weight changed by hand (ipvsadm -e), or the file edited without a restart? Restart keepalived"
    fi
    how="removed $rs from TCP $svc"
    [ -z "$entry" ] || how="took $rs out of service (inhibit_on_failure keeps it in TCP $svc at weight 0)"
    # Repeat keepalived's health check by hand and say what it saw.
    p=${cport:-80}
    case "$check" in
      HTTP_GET)
        got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$ip:$p${path:-/}" 2>/dev/null) || got=000
        [ "$got" = 000 ] && fail "keepalived $how: its HTTP_GET on $ip:$p${path:-/} gets no answer (connect_port $p?). nginx listens on port 80"
        [ "$got" != "${code:-200}" ] ||
          fail "keepalived $how, though $ip:$p${path:-/} answers $got now, the status_code its HTTP_GET expects: keepalived puts it back within delay_loop ($k_delay s) once its check passes, or its url differs from this plain GET (a digest or virtualhost that does not match); keepalived's log says why"
        fail "keepalived $how: its HTTP_GET on ${path:-/} got $got, and status_code expects ${code:-200}. nginx on the real servers serves / only" ;;
      TCP_CHECK)
        curl -s -o /dev/null --max-time 3 "http://$ip:$p/" 2>/dev/null ||
          fail "keepalived $how: its TCP_CHECK cannot connect to $ip:$p (nginx listens on port 80)"
        fail "keepalived $how: its TCP_CHECK on $ip:$p failed (keepalived's log says why; it may come back within delay_loop)" ;;
      *) fail "keepalived $how: its $check fails (keepalived's log says why)" ;;
    esac
  fi
  case "$2" in
    Route) ;;
    Masq) fail "$rs is in the table as Masq (NAT): lb_kind DR has not reached IPVS. Restart keepalived after editing (kill -HUP the main process, or stop and start it)" ;;
    *) fail "$rs is in the table as $2; DR shows Route" ;;
  esac
done
[ -z "$ipvs_persist" ] || fail "TCP $svc is persistent in ipvsadm -Ln: restart keepalived after removing persistence_timeout"

# 4. The VIP: on lb1 (the master), not on lb2; lb1's priority above lb2's.
note=''
[ "$me:$k_state:$k_nopreempt" != lb1:MASTER:yes ] ||
  note=" (nopreempt is ignored with state MASTER: keepalived clears it and says so in its log)"
if [ "$me" = lb1 ]; then
  if ! has_addr "$VIP"; then
    advert_of_other
    if [ -n "$adv_prio" ] && [ "$adv_prio" -ge "$k_prio" ]; then
      [ "$adv_prio" -gt "$k_prio" ] &&
        fail "lb1 does not hold the VIP $VIP: lb2 is the master, advertising priority $adv_prio, above lb1's $k_prio. lb1's priority must be the higher one"
      fail "lb1 does not hold the VIP $VIP: lb2 is the master, and both directors have priority $k_prio. With equal priorities the one that became master first keeps the VIP (a tie goes to the higher IP address, lb2's): give lb1 the higher priority"
    fi
    fail "lb1 does not hold the VIP $VIP: it is not the VRRP master. Its priority ($k_prio) must be higher than lb2's; keepalived's log on lb1 says which state it is in"
  fi
  pass "keepalived on lb1 ($k_state, priority $k_prio, vrid $k_vrid, from $files) holds $VIP; TCP $svc rr with rs1 and rs2 as Route$note"
fi
# lb2: lb1's adverts say what lb1 is (lb2, a backup, sends none while lb1 is master).
advert_of_other
adv=$adv_vrid vrid=$adv_vrid prio=$adv_prio
if has_addr "$VIP"; then
  # Split brain: why does lb2 not hear lb1?
  [ -n "$adv" ] ||
    fail "split brain: lb2 holds the VIP $VIP too, because no VRRP advert from lb1 ($LB1_IP) reaches lb2. Is keepalived running on lb1 with unicast_peer { $LB2_IP }? (this network drops multicast)"
  [ "$vrid" = "$k_vrid" ] ||
    fail "split brain: lb2 holds the VIP $VIP too. lb1's adverts arrive with virtual_router_id $vrid, lb2 has $k_vrid, so lb2 ignores them: virtual_router_id must be the same on both"
  # Made safe the way keepalived_conf makes k_auth_pass safe, so that equal passwords compare equal.
  pw=$(printf '%s\n' "$adv_auth" | sed 's/[^]A-Za-z0-9_./:,@ *?[-]/_/g')
  [ "$pw" = "$k_auth_pass" ] ||
    fail "split brain: lb2 holds the VIP $VIP too. lb1's adverts carry auth_pass '${pw:-(none)}', lb2 expects '${k_auth_pass:-(none)}' (only the first 8 characters count), so lb2 discards them: use the same authentication block on both"
  [ "${prio:-0}" -gt "$k_prio" ] ||
    fail "lb2 holds the VIP $VIP: lb1 advertises priority $prio, lb2 has $k_prio. lb1's priority must be the higher one"
  fail "split brain: lb2 holds the VIP $VIP too, though lb1's adverts arrive (vrid $vrid, priority $prio); look at keepalived's log on lb2"
fi
if [ -n "$adv" ] && [ "$vrid" = "$k_vrid" ]; then
  [ "$prio" != "$k_prio" ] ||
    fail "lb1 and lb2 both have priority $k_prio (lb1's adverts say $prio). lb1 is master now only because it started first: with equal priorities the master keeps the VIP, so after a failover lb1 never takes it back, and a tie goes to the higher IP address (lb2's). Give lb1 the higher priority"
  [ "$prio" -gt "$k_prio" ] ||
    fail "lb1 advertises priority $prio, below lb2's $k_prio: lb1 is master only because lb2 started later, and lb2 takes the VIP at its first chance. lb1's priority must be the higher one"
fi
pass "keepalived on lb2 (BACKUP, priority $k_prio${prio:+ (lb1 advertises $prio)}, vrid $k_vrid, from $files) listens without the VIP; its TCP $svc rr has rs1 and rs2 as Route, ready for a failover"
