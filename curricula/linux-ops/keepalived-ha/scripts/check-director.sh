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
# The messages that name the configuration come in forms (keys with a suffix, messages.yaml):
# "-includes" when keepalived read more than its file ("FILE and the files it includes"),
# "-missing" when an include matched no file.
files_form=''
[ "$k_files" = "$conf" ] || files_form=-includes
inc_form=''
[ -z "$k_missing" ] || inc_form=-missing
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
    fail_t "vip-definition-bare$files_form" conf="$conf" me="$me" def="$k_def" def_rest="$k_def_rest" vip="$VIP"
  fail_t "no-vrrp-instance-for-vip$files_form$inc_form" conf="$conf" me="$me" vip="$VIP" inst="$k_inst" missing="$k_missing"
fi
[ -z "$k_strict" ] ||
  fail_t vrrp-strict
case "$me:$k_state" in
  lb1:MASTER | lb2:BACKUP) ;;
  lb1:BACKUP)
    # Both BACKUP is a usual set-up too: the higher priority takes over (it preempts), unless nopreempt.
    [ -z "$k_nopreempt" ] ||
      fail_t lb1-backup-nopreempt vrrp="$k_vrrp" ;;
  lb1:) fail_t lb1-no-state vrrp="$k_vrrp" ;;
  lb1:*) fail_t lb1-not-master-state vrrp="$k_vrrp" state="$k_state" ;;
  *:) fail_t lb2-no-state vrrp="$k_vrrp" ;;
  *) fail_t lb2-not-backup-state vrrp="$k_vrrp" state="$k_state" ;;
esac
[ -n "$k_vrid" ] || fail_t no-virtual-router-id vrrp="$k_vrrp" me="$me"
[ -n "$k_peers" ] ||
  fail_t no-unicast-peer vrrp="$k_vrrp" me="$me" other_ip="$other_ip"

# 2. The virtual server.
[ -n "$k_vs" ] || fail_t "no-virtual-server$files_form$inc_form" conf="$conf" me="$me" vip="$VIP" missing="$k_missing"
case "$k_kind" in
  DR) ;;
  '') fail_t no-lb-kind vip="$VIP" ;;
  *) fail_t lb-kind-not-dr vip="$VIP" kind="$k_kind" ;;
esac
case "$k_algo" in
  rr) ;;
  '') fail_t no-lb-algo vip="$VIP" ;;
  *) fail_t lb-algo-not-rr vip="$VIP" algo="$k_algo" ;;
esac
case "$k_proto" in
  TCP) ;;
  '') fail_t no-protocol vip="$VIP" ;;
  *) fail_t protocol-not-tcp vip="$VIP" proto="$k_proto" ;;
esac
[ -z "$k_persist" ] ||
  fail_t persistence-timeout vip="$VIP" persist="$k_persist"
for rs in rs1 rs2; do
  eval "have=\$k_$rs"
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  [ -n "$have" ] || fail_t real-server-missing vip="$VIP" ip="$ip" rs="$rs"
  eval "port=\$k_${rs}_port check=\$k_${rs}_check weight=\$k_${rs}_weight kind=\$k_${rs}_kind"
  if [ "$port" != 80 ]; then
    [ -n "$port" ] || fail_t real-server-no-port ip="$ip"
    fail_t real-server-wrong-port ip="$ip" port="$port"
  fi
  [ "$kind" = DR ] || fail_t real-server-own-method ip="$ip" rs="$rs" kind="$kind"
  [ "$weight" != 0 ] ||
    fail_t real-server-weight-0 ip="$ip" rs="$rs"
  [ -n "$check" ] || fail_t real-server-no-check ip="$ip" rs="$rs"
done

# 3. What keepalived wrote into IPVS (ipvs_read, lib/lvs.sh).
ipvs_read "$svc"
if [ -z "$ipvs_line" ]; then
  [ -z "$ipvs_others" ] ||
    fail_t ipvs-service-missing-others me="$me" vip="$VIP" svc="$svc" ipvs_others="$ipvs_others"
  fail_t ipvs-service-missing me="$me" vip="$VIP" svc="$svc"
fi
for rs in rs1 rs2; do
  case "$rs" in rs1) ip=$RS1_IP ;; *) ip=$RS2_IP ;; esac
  entry=$(ipvs_real "$ip")
  set -- $entry
  # Out of service: removed, or (inhibit_on_failure) kept at weight 0.
  if [ -z "$entry" ] || [ "$3" = 0 ]; then
    eval "check=\$k_${rs}_check cport=\$k_${rs}_cport path=\$k_${rs}_path code=\$k_${rs}_code inhibit=\$k_${rs}_inhibit"
    if [ -n "$entry" ] && [ -z "$inhibit" ]; then
      fail_t real-server-quiescent rs="$rs" svc="$svc" weight="$(eval "echo \$k_${rs}_weight")"
    fi
    # Removed from the table (the keys below), or kept at weight 0 (the keys ending -inhibited).
    how=''
    [ -z "$entry" ] || how=-inhibited
    # Repeat keepalived's health check by hand and say what it saw.
    p=${cport:-80}
    case "$check" in
      HTTP_GET)
        got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$ip:$p${path:-/}" 2>/dev/null) || got=000
        [ "$got" = 000 ] && fail_t "http-get-no-answer$how" rs="$rs" svc="$svc" ip="$ip" p="$p" path="${path:-/}"
        [ "$got" != "${code:-200}" ] ||
          fail_t "http-get-passes-now$how" rs="$rs" svc="$svc" ip="$ip" p="$p" path="${path:-/}" got="$got" delay="$k_delay"
        fail_t "http-get-wrong-code$how" rs="$rs" svc="$svc" path="${path:-/}" got="$got" code="${code:-200}" ;;
      TCP_CHECK)
        curl -s -o /dev/null --max-time 3 "http://$ip:$p/" 2>/dev/null ||
          fail_t "tcp-check-no-connect$how" rs="$rs" svc="$svc" ip="$ip" p="$p"
        fail_t "tcp-check-failed$how" rs="$rs" svc="$svc" ip="$ip" p="$p" ;;
      *) fail_t "check-fails$how" rs="$rs" svc="$svc" check="$check" ;;
    esac
  fi
  case "$2" in
    Route) ;;
    Masq) fail_t real-server-masq rs="$rs" ;;
    *) fail_t real-server-not-route rs="$rs" method="$2" ;;
  esac
done
[ -z "$ipvs_persist" ] || fail_t ipvs-persistent svc="$svc"

# 4. The VIP: on lb1 (the master), not on lb2; lb1's priority above lb2's.
# lb1-ok-nopreempt-ignored: nopreempt is ignored with state MASTER (keepalived clears it).
note=''
[ "$me:$k_state:$k_nopreempt" != lb1:MASTER:yes ] || note=-nopreempt-ignored
if [ "$me" = lb1 ]; then
  if ! has_addr "$VIP"; then
    advert_of_other
    if [ -n "$adv_prio" ] && [ "$adv_prio" -ge "$k_prio" ]; then
      [ "$adv_prio" -gt "$k_prio" ] &&
        fail_t lb1-lower-priority vip="$VIP" adv_prio="$adv_prio" prio="$k_prio"
      fail_t equal-priorities-lb2-master vip="$VIP" prio="$k_prio"
    fi
    fail_t lb1-not-master vip="$VIP" prio="$k_prio"
  fi
  pass_t "lb1-ok$files_form$note" state="$k_state" prio="$k_prio" vrid="$k_vrid" conf="$conf" vip="$VIP" svc="$svc"
fi
# lb2: lb1's adverts say what lb1 is (lb2, a backup, sends none while lb1 is master).
advert_of_other
adv=$adv_vrid vrid=$adv_vrid prio=$adv_prio
if has_addr "$VIP"; then
  # Split brain: why does lb2 not hear lb1?
  [ -n "$adv" ] ||
    fail_t split-brain-no-advert vip="$VIP" lb1_ip="$LB1_IP" lb2_ip="$LB2_IP"
  [ "$vrid" = "$k_vrid" ] ||
    fail_t split-brain-vrid vip="$VIP" adv_vrid="$vrid" vrid="$k_vrid"
  # Made safe the way keepalived_conf makes k_auth_pass safe, so that equal passwords compare equal.
  pw=$(printf '%s\n' "$adv_auth" | sed 's/[^]A-Za-z0-9_./:,@ *?[-]/_/g')
  # Without a password on one side: the keys ending -none-sent and -none-expected.
  if [ "$pw" != "$k_auth_pass" ]; then
    [ -n "$pw" ] || fail_t split-brain-auth-none-sent vip="$VIP" auth_pass="$k_auth_pass"
    [ -n "$k_auth_pass" ] || fail_t split-brain-auth-none-expected vip="$VIP" pw="$pw"
    fail_t split-brain-auth vip="$VIP" pw="$pw" auth_pass="$k_auth_pass"
  fi
  [ "${prio:-0}" -gt "$k_prio" ] ||
    fail_t lb2-master-higher vip="$VIP" adv_prio="$prio" prio="$k_prio"
  fail_t split-brain vip="$VIP" adv_vrid="$vrid" adv_prio="$prio"
fi
if [ -n "$adv" ] && [ "$vrid" = "$k_vrid" ]; then
  [ "$prio" != "$k_prio" ] ||
    fail_t equal-priorities prio="$k_prio" adv_prio="$prio"
  [ "$prio" -gt "$k_prio" ] ||
    fail_t lb1-advertises-lower adv_prio="$prio" prio="$k_prio"
fi
[ -z "$prio" ] ||
  pass_t "lb2-ok-advert$files_form" prio="$k_prio" adv_prio="$prio" vrid="$k_vrid" conf="$conf" svc="$svc"
pass_t "lb2-ok$files_form" prio="$k_prio" vrid="$k_vrid" conf="$conf" svc="$svc"
