set -eu
[ -f /root/.ssh/id_ed25519 ] || broken "ops has lost ana's key /root/.ssh/id_ed25519"
# Strict: ops's own known_hosts must hold web1's current host key.
if ssh_to_web1 "-o StrictHostKeyChecking=yes" true; then
  pass "ops knows web1's current host key, and ana logs in"
fi
case "$ssh_out" in
  *'IDENTIFICATION HAS CHANGED'*|*'Host key for'*'has changed'*)
    fail "ops's known_hosts still has web1's old host key: the new instance made new keys. Compare the fingerprint with the one cloud-init printed on web1 (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then ssh-keygen -R web1 on ops and log in again" ;;
  *'No '*'host key is known'*|*'Host key verification failed'*)
    fail "ops's known_hosts has no key for web1: log in once (ssh ana@web1) and accept its key, after comparing the fingerprint with web1's" ;;
  *'Connection refused'*) fail "nothing listens for SSH on web1: service ssh start on web1" ;;
  *'Permission denied'*) fail "web1 refuses ana's key: $(printf %s "$ssh_out" | tail -n 1)" ;;
esac
fail "ana cannot log in to web1 with strict host key checking: $(printf %s "$ssh_out" | tail -n 1)"
