set -eu
# From client, an attack on server's sshd from an address nothing has seen yet: up to 8
# logins in a row as a user that does not exist. Either fail2ban bans the address after its
# failures or a firewall rate limit drops its new connections: the check accepts both, as
# long as the address is blocked after a few tries (not on the first), and a second new
# address still reaches sshd while the first is blocked (so the limit is per source).
new_src
attacker=$src
tries=0 blocked=0 start=$(date +%s)
while [ "$tries" -lt 8 ]; do
  # shellcheck disable=SC2086 # $ssh_fast is a list of options
  out=$(timeout 6 ssh -F /dev/null -b "$attacker" -o BatchMode=yes -o ConnectTimeout=2 $ssh_fast \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o PubkeyAuthentication=no \
    admin@"$SERVER_IP" true </dev/null 2>&1) || true
  case "$out" in
    *'Permission denied'*) tries=$((tries + 1)) ;;
    *) blocked=1; break ;;
  esac
done
if [ "$blocked" = 0 ]; then
  # fail2ban reads the log a moment later (it polls the file): give it 8 seconds.
  end=$(($(date +%s) + 8))
  while [ "$(date +%s)" -lt "$end" ]; do
    case "$(ssh_banner "$attacker")" in SSH-*) sleep 0.5 ;; *) blocked=1; break ;; esac
  done
fi
secs=$(($(date +%s) - start))
if [ "$blocked" = 0 ]; then
  fail_t no-rate-limit tries="$tries" secs="$secs" attacker="$attacker"
fi
if [ "$tries" = 0 ]; then
  [ -n "$out" ] || fail_t first-connection-refused attacker="$attacker"
  fail_t first-connection-refused-said attacker="$attacker" ssh_said="$(printf '%s\n' "$out" | tail -n 1)"
fi
new_src
case "$(ssh_banner "$src")" in
  SSH-*) ;;
  *) fail_t limit-not-per-source tries="$tries" attacker="$attacker" src="$src" ;;
esac
pass_t ratelimit-ok attacker="$attacker" tries="$tries" secs="$secs"
