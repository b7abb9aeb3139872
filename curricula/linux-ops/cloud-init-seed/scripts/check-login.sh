set -eu
[ -f /root/.ssh/id_ed25519 ] || broken "ops has lost ana's key /root/.ssh/id_ed25519"
# Any host key here: task 3 is about trusting the right one.
if ssh_to_web1 "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR" 'sudo -n id -un'; then
  [ "$(printf '%s\n' "$ssh_out" | tail -n 1)" = root ] || fail_t login-sudo-not-root said="$(printf %s "$ssh_out" | tail -n 1)"
  pass_t login-ok
fi
case "$ssh_out" in
  *'Connection refused'*) fail_t login-no-sshd ;;
  *'Permission denied'*) fail_t login-key-refused ;;
  *'timed out'*|*'No route'*) fail_t login-unreachable said="$(printf %s "$ssh_out" | tail -n 1)" ;;
esac
fail_t login-fails said="$(printf %s "$ssh_out" | tail -n 1)"
