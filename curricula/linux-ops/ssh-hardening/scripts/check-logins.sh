set -eu
# From client, for real: ana's password is refused (password and keyboard-interactive), root
# is refused with anything (client's keys, its password), and ana's key still gets in.
ssh_try ana ana-password password,keyboard-interactive -o PubkeyAuthentication=no
ssh_expect_reached
case "$ssh_how" in
  password) fail "ana logged in to server with her password (ssh method password; the server offers ${ssh_offered:-?}): PasswordAuthentication must be no in the configuration sshd applies (sshd -T | grep -i passwordauth on server), and sshd reloaded after the change: service ssh reload" ;;
  keyboard-interactive) fail "ana logged in to server with her password through keyboard-interactive (PAM asks for it): KbdInteractiveAuthentication no, then service ssh reload on server" ;;
  '') ;;
  *) fail "ana logged in to server without a key, with method $ssh_how" ;;
esac

client_keys
keys=()
for k in $client_keys; do keys+=(-i "$k"); done
ssh_try root root-password publickey,password,keyboard-interactive "${keys[@]}"
ssh_expect_reached
[ -z "$ssh_how" ] ||
  fail "root logged in to server over ssh (method $ssh_how): PermitRootLogin no on server, then service ssh reload"

[ -n "$client_keys" ] || fail "client has no usable key in /root/.ssh, so ana's key login cannot be proven (task 'Log in with a key')"
ssh_try ana '' publickey "${keys[@]}"
ssh_expect_reached
[ "$ssh_how" = publickey ] ||
  fail "ana can no longer log in with client's key (the server offers ${ssh_offered:-nothing}): with passwords off, that locks every administrator out. Keep PubkeyAuthentication yes and ana's authorized_keys"
pass "from client: ana's password is refused, root is refused, ana's key gets in"
