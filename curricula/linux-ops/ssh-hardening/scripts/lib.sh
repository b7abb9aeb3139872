# Shared by this exercise's scripts (its `prelude`): functions only, nothing runs here.
#
# Every SSH connection a check makes leaves client from an address of its own: a new one of
# the LAN each time (.100 to .249, in turn, kept in /var/lib/opslab-check/next-src), added to
# client's interface for the check and removed when the check ends. So a rate limit or a
# fail2ban ban that the checks (or the learner's own tests) triggered never blocks a later
# check, and the attack of the rate-limit task comes from an address nothing has seen yet.

# new_src: sets $src to the next unused address and adds it to client's LAN interface.
new_src() {
  local dir=/var/lib/opslab-check n dev
  mkdir -p "$dir"
  n=$(cat "$dir/next-src" 2>/dev/null || true)
  case "$n" in '' | *[!0-9]*) n=100 ;; esac
  { [ "$n" -ge 100 ] && [ "$n" -le 249 ]; } || n=100
  echo $((n + 1)) > "$dir/next-src"
  src="${CLIENT_IP%.*}.$n"
  dev=$(iface_for "$SERVER_IP") || dev=eth0
  [ "$dev" = lo ] && broken "client routes to server ($SERVER_IP) over lo"
  ip addr add "$src/32" dev "$dev" 2>/dev/null || has_addr "$src" || broken "cannot add $src to $dev"
  _lab_srcs="${_lab_srcs:-} $src/32@$dev"
  # shellcheck disable=SC2154 # a is the loop's variable when the trap runs
  trap 'for a in $_lab_srcs; do ip addr del "${a%@*}" dev "${a#*@}" 2>/dev/null || true; done' EXIT
}

# client_keys: sets $client_keys to the private keys in /root/.ssh that open without a
# passphrase, $locked_keys to those that need one (the checks cannot type it), and
# $open_keys to those that ssh refuses because others may read them.
client_keys() {
  local f out
  client_keys='' locked_keys='' open_keys=''
  for f in /root/.ssh/*; do
    [ -f "$f" ] || continue
    head -c 64 "$f" 2>/dev/null | grep -q -- '-----BEGIN .*PRIVATE KEY-----' || continue
    if out=$(ssh-keygen -y -P '' -f "$f" 2>&1); then client_keys="$client_keys $f"
    else
      case "$out" in
        *UNPROTECTED*) open_keys="$open_keys $f" ;;
        *) locked_keys="$locked_keys $f" ;;
      esac
    fi
  done
}

# Options that make a check's ssh cheaper on a host with half a CPU: a quicker key exchange.
ssh_fast='-o KexAlgorithms=curve25519-sha256 -o HostKeyAlgorithms=ssh-ed25519'

# ssh_banner ADDRESS: prints the first line sshd on server sends to a TCP connection from
# ADDRESS (SSH-2.0-...), or nothing when the connection is refused, dropped or silent (2 s).
ssh_banner() {
  python3 - "$1" "$SERVER_IP" 2>/dev/null <<'PY' || true
import socket, sys
s = socket.socket()
s.settimeout(2)
try:
    s.bind((sys.argv[1], 0))
    s.connect((sys.argv[2], 22))
    print(s.recv(128).decode('ascii', 'replace').splitlines()[0])
except Exception:
    pass
PY
}

# ssh_try USER PASSWORD METHODS [SSH OPTIONS...]: one login to server as USER from a new
# address, with the authentication methods METHODS (ssh's PreferredAuthentications) and
# PASSWORD answered to every password or keyboard-interactive prompt. Runs `id -un` there.
# Sets $ssh_out (ssh -v's output), $ssh_how (the method that logged in, or empty),
# $ssh_offered (the methods the server offered, as "publickey,password"), $ssh_reached
# (yes when sshd answered the login at all).
ssh_try() {
  local user=$1 pw=$2 methods=$3 ask
  shift 3
  new_src
  ask=/var/lib/opslab-check/askpass
  printf '#!/bin/sh\nprintf "%%s\\n" "$LAB_PW"\n' > "$ask"
  chmod 700 "$ask"
  ssh_out=$(LAB_PW=$pw SSH_ASKPASS=$ask SSH_ASKPASS_REQUIRE=force DISPLAY=:0 \
    timeout 12 ssh -v -F /dev/null -b "$src" -o ConnectTimeout=3 -o BatchMode=no $ssh_fast \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null \
    -o IdentitiesOnly=yes -o NumberOfPasswordPrompts=1 -o PreferredAuthentications="$methods" \
    "$@" "$user@$SERVER_IP" 'id -un' </dev/null 2>&1 | tr -d '\r') || true
  ssh_how=$(printf '%s\n' "$ssh_out" | sed -n 's/^Authenticated to .* using "\([^"]*\)".*/\1/p' | head -n 1)
  ssh_offered=$(printf '%s\n' "$ssh_out" | sed -n 's/^debug1: Authentications that can continue: //p' | head -n 1)
  case "$ssh_out" in
    *'Authenticated to '* | *'Authentications that can continue'* | *'Permission denied'*) ssh_reached=yes ;;
    *) ssh_reached=no ;;
  esac
}

# ssh_expect_reached: fails, naming what ssh said, when the last ssh_try never got to log in.
ssh_expect_reached() {
  [ "$ssh_reached" = yes ] && return 0
  local why
  why=$(printf '%s\n' "$ssh_out" | grep -v '^debug\|^OpenSSH_\|^Warning: Permanently' | tail -n 1)
  [ -n "$why" ] || fail_t sshd-no-answer server_ip="$SERVER_IP" src="$src" client_ip="$CLIENT_IP"
  fail_t sshd-unreachable server_ip="$SERVER_IP" src="$src" why="$why" client_ip="$CLIENT_IP"
}
