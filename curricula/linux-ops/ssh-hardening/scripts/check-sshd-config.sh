set -eu
# On server: sshd runs, `sshd -t` accepts its configuration, and the configuration sshd
# really applies (sshd -T, for ana and for root coming from client, so Match blocks count)
# refuses passwords, keyboard-interactive and root. The real logins are tried from client.
pgrep -x sshd >/dev/null ||
  fail_t sshd-not-running
if ! err=$(sshd -t 2>&1); then
  fail_t sshd-config-invalid out="$(printf '%s\n' "$err" | head -n 1)"
fi
eff() { sshd -T -C "user=$1,host=client,addr=$CLIENT_IP" 2>/dev/null; }
ana_cfg=$(eff ana) || fail_t sshd-t-ana-fails client_ip="$CLIENT_IP" out="$(eff ana 2>&1 | head -n 1)"
root_cfg=$(eff root) || fail_t sshd-t-root-fails
get() { printf '%s\n' "$1" | awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }'; }
# explain KEYWORD: where the value sshd applies comes from. sshd keeps the first value it reads
# for each keyword, and sshd_config includes sshd_config.d/*.conf at its top. Sets $how:
# "default" (no file sets it), "shadowed" (sshd_config says $main, but $first, a line of an
# included file read before it, wins) or "file" ($first is the file and line that set it).
explain() {
  local f line
  first='' main='' how=file
  for f in /etc/ssh/sshd_config.d/*.conf /etc/ssh/sshd_config; do
    [ -f "$f" ] || continue
    line=$(grep -Eim1 "^[[:space:]]*$1([[:space:]]|=)" "$f") || continue
    [ -n "$first" ] || first="$f: $(echo $line)"
  done
  main=$(grep -Eim1 "^[[:space:]]*$1([[:space:]]|=)" /etc/ssh/sshd_config | awk '{ print $2 }' || true)
  if [ -z "$first" ]; then
    how=default
  elif [ "${first%%:*}" != /etc/ssh/sshd_config ] && [ -n "$main" ]; then
    how=shadowed
  fi
}

[ "$(get "$ana_cfg" pubkeyauthentication)" = yes ] ||
  fail_t pubkey-off

am=$(get "$ana_cfg" authenticationmethods)
keys_only=no
if [ -n "$am" ] && [ "$am" != any ]; then
  keys_only=yes
  for list in $am; do [ "$list" = publickey ] || keys_only=no; done
fi
if [ "$keys_only" = no ]; then
  pa=$(get "$ana_cfg" passwordauthentication)
  if [ "$pa" != no ]; then
    explain PasswordAuthentication
    case "$how" in
      default) fail_t password-auth-default pa="$pa" ;;
      shadowed) fail_t password-auth-shadowed pa="$pa" main="$main" first="$first" ;;
      *) fail_t password-auth pa="$pa" first="$first" ;;
    esac
  fi
  kb=$(get "$ana_cfg" kbdinteractiveauthentication)
  if [ "$kb" != no ]; then
    explain KbdInteractiveAuthentication
    case "$how" in
      default) fail_t kbd-interactive-default kb="$kb" ;;
      shadowed) fail_t kbd-interactive-shadowed kb="$kb" main="$main" first="$first" ;;
      *) fail_t kbd-interactive kb="$kb" first="$first" ;;
    esac
  fi
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
    explain PermitRootLogin
    case "$prl:$how" in
      prohibit-password:default | without-password:default) fail_t root-key-login-default prl="$prl" ;;
      prohibit-password:shadowed | without-password:shadowed)
        fail_t root-key-login-shadowed prl="$prl" main="$main" first="$first" ;;
      prohibit-password:* | without-password:*) fail_t root-key-login prl="$prl" first="$first" ;;
      *:default) fail_t root-login-default prl="$prl" ;;
      *:shadowed) fail_t root-login-shadowed prl="$prl" main="$main" first="$first" ;;
      *) fail_t root-login prl="$prl" first="$first" ;;
    esac
  fi
fi
pass_t sshd-config-ok
