set -eu
[ -f /root/.ssh/id_ed25519 ] || broken "ops has lost ana's key /root/.ssh/id_ed25519"
# Strict: ops's own known_hosts must hold web1's current host key.
if ssh_to_web1 "-o StrictHostKeyChecking=yes" true; then
  pass_t hostkey-ok
fi
case "$ssh_out" in
  *'IDENTIFICATION HAS CHANGED'*|*'Host key for'*'has changed'*)
    fail_t hostkey-old ;;
  *'No '*'host key is known'*|*'Host key verification failed'*)
    fail_t hostkey-unknown ;;
  *'Connection refused'*) fail_t hostkey-no-sshd ;;
  *'Permission denied'*) fail_t hostkey-key-refused said="$(printf %s "$ssh_out" | tail -n 1)" ;;
esac
fail_t hostkey-login-fails said="$(printf %s "$ssh_out" | tail -n 1)"
