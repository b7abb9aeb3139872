set -eu
# On server: sshd runs, `sshd -t` accepts its configuration, and the configuration sshd
# really applies (sshd -T, for ana and for root coming from client, so Match blocks count)
# refuses passwords, keyboard-interactive and root. The real logins are tried from client.
pgrep -x sshd >/dev/null ||
  fail "sshd is not running on server: check the configuration with sshd -t, then start it: service ssh start (or /usr/sbin/sshd)"
if ! err=$(sshd -t 2>&1); then
  fail "sshd -t rejects the configuration: $(printf '%s\n' "$err" | head -n 1). A restart would leave the server without sshd: fix it first"
fi
eff() { sshd -T -C "user=$1,host=client,addr=$CLIENT_IP" 2>/dev/null; }
ana_cfg=$(eff ana) || fail "sshd -T -C user=ana,host=client,addr=$CLIENT_IP fails on server: $(eff ana 2>&1 | head -n 1)"
root_cfg=$(eff root) || fail "sshd -T -C user=root,... fails on server"
get() { printf '%s\n' "$1" | awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }'; }
# explain KEYWORD: where the value sshd applies comes from. sshd keeps the first value it reads
# for each keyword, and sshd_config includes sshd_config.d/*.conf at its top.
explain() {
  local f line first='' main
  for f in /etc/ssh/sshd_config.d/*.conf /etc/ssh/sshd_config; do
    [ -f "$f" ] || continue
    line=$(grep -Eim1 "^[[:space:]]*$1([[:space:]]|=)" "$f") || continue
    [ -n "$first" ] || first="$f: $(echo $line)"
  done
  main=$(grep -Eim1 "^[[:space:]]*$1([[:space:]]|=)" /etc/ssh/sshd_config | awk '{ print $2 }' || true)
  if [ -z "$first" ]; then
    printf " (sshd's default: no file sets it)"
  elif [ "${first%%:*}" != /etc/ssh/sshd_config ] && [ -n "$main" ]; then
    printf ' (/etc/ssh/sshd_config says %s, but sshd keeps the first value it reads, and the Include of sshd_config.d/*.conf at its top comes first: %s)' "$main" "$first"
  else
    printf ' (%s)' "$first"
  fi
}

[ "$(get "$ana_cfg" pubkeyauthentication)" = yes ] ||
  fail "PubkeyAuthentication is off for ana: with passwords off too, nobody can log in. Keys must stay on"

am=$(get "$ana_cfg" authenticationmethods)
keys_only=no
if [ -n "$am" ] && [ "$am" != any ]; then
  keys_only=yes
  for list in $am; do [ "$list" = publickey ] || keys_only=no; done
fi
if [ "$keys_only" = no ]; then
  pa=$(get "$ana_cfg" passwordauthentication)
  [ "$pa" = no ] ||
    fail "sshd -T on server says passwordauthentication $pa for ana$(explain PasswordAuthentication): set PasswordAuthentication no where it wins, then service ssh reload"
  kb=$(get "$ana_cfg" kbdinteractiveauthentication)
  [ "$kb" = no ] ||
    fail "sshd -T on server says kbdinteractiveauthentication $kb$(explain KbdInteractiveAuthentication): with PAM, keyboard-interactive asks for the same password. Set KbdInteractiveAuthentication no"
fi

prl=$(get "$root_cfg" permitrootlogin)
if [ "$prl" != no ]; then
  # sshd -T prints one line per AllowUsers/DenyUsers entry
  deny=$(printf '%s\n' "$root_cfg" | awk '$1 == "denyusers" { print $2 }')
  allow=$(printf '%s\n' "$root_cfg" | awk '$1 == "allowusers" { print $2 }')
  root_denied=no
  for u in $deny; do case "$u" in root | 'root@*' | '*') root_denied=yes ;; esac; done
  if [ "$root_denied" = no ] && [ -n "$allow" ]; then
    root_denied=yes
    for u in $allow; do case "${u%@*}" in root | '*' | 'r*' | 'ro*' | 'roo*') root_denied=no ;; esac; done
  fi
  if [ "$root_denied" = no ]; then
    case "$prl" in
      prohibit-password | without-password)
        fail "sshd -T says permitrootlogin $prl: root can no longer use its password, but any key in /root/.ssh/authorized_keys still logs in as root. PermitRootLogin no$(explain PermitRootLogin)" ;;
      *) fail "sshd -T on server says permitrootlogin $prl$(explain PermitRootLogin): set PermitRootLogin no; ana uses sudo or su when she needs root" ;;
    esac
  fi
fi
pass "sshd -t passes; sshd applies: keys only for ana, no password, no keyboard-interactive, no root"
