set -eu
[ -f /root/.ssh/id_ed25519 ] || broken "ops has lost ana's key /root/.ssh/id_ed25519"
# Any host key here: task 3 is about trusting the right one.
if ssh_to_web1 "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR" 'sudo -n id -un'; then
  [ "$(printf '%s\n' "$ssh_out" | tail -n 1)" = root ] || fail "ana logs in to web1, but sudo -n does not make her root: $(printf %s "$ssh_out" | tail -n 1)"
  pass "ops logs in to web1 as ana with her key, and sudo makes her root without a password"
fi
case "$ssh_out" in
  *'Connection refused'*) fail "nothing listens for SSH on web1: systemd starts ssh.service after cloud-init.service; here, start it yourself (service ssh start on web1) after cloud-init init made the host keys" ;;
  *'Permission denied'*) fail "web1 refuses ana's key: is the line of ops's /root/.ssh/id_ed25519.pub in her ssh_authorized_keys, whole, on one line?" ;;
  *'timed out'*|*'No route'*) fail "ops cannot reach web1 port 22: $(printf %s "$ssh_out" | tail -n 1)" ;;
esac
fail "ana cannot log in to web1 from ops: $(printf %s "$ssh_out" | tail -n 1)"
