set -eu
# From client: ana logs in to server with a key of client's root, and with nothing else.
client_keys
if [ -z "$client_keys" ]; then
  [ -n "$open_keys" ] &&
    fail "ssh on client refuses the key(s)$open_keys because others may read them (UNPROTECTED PRIVATE KEY FILE): chmod 600 them"
  [ -n "$locked_keys" ] &&
    fail "the key(s)$locked_keys on client need a passphrase, which the check cannot type: in this lab, make one without (ssh-keygen -t ed25519 -N '')"
  fail "client has no SSH private key in /root/.ssh: make a key pair there as root, ssh-keygen -t ed25519 (no passphrase in this lab)"
fi
keys=()
for k in $client_keys; do keys+=(-i "$k"); done
ssh_try ana '' publickey "${keys[@]}"
ssh_expect_reached
if [ "$ssh_how" = publickey ]; then
  printf '%s\n' "$ssh_out" | grep -qx ana ||
    fail "the key logged in, but the command id -un did not print ana on server (a ForceCommand, or a shell that exits?)"
  pass "ana logs in to server with client's key ($(echo $client_keys)) from $src"
fi
case ",$ssh_offered," in
  *,publickey,*) ;;
  *) fail "server does not offer public-key logins at all (it offers: ${ssh_offered:-nothing}): PubkeyAuthentication must stay yes in sshd's configuration (sshd -T | grep pubkey on server)" ;;
esac
fail "server refused client's key(s) ($(echo $client_keys)) for ana: the public half (the .pub file) must be a line of /home/ana/.ssh/authorized_keys on server (ssh-copy-id ana@server does it), and sshd ignores that file when ~ana/.ssh or the file is not owned by ana or is writable by others (StrictModes). The reason is in server's /var/log/auth.log"
