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
  fail "$tries failed logins in $secs s from $attacker (a new address of the LAN) and server's sshd still answers it 8 s later: nothing bans or limits it. Start fail2ban with its sshd jail enabled (fail2ban-client status sshd shows its failures and bans; an ignoreip that covers the LAN spares this attacker too), or rate-limit new connections to port 22 per source address (iptables -m recent or hashlimit, an nftables meter)"
fi
if [ "$tries" = 0 ]; then
  fail "server refused the very first connection from $attacker, a new address that had not failed yet: that is not a rate limit but a block. ${out:+ssh said: $(printf '%s\n' "$out" | tail -n 1)}. Did a rule drop all new connections to port 22, or every address but client's?"
fi
new_src
case "$(ssh_banner "$src")" in
  SSH-*) ;;
  *) fail "after $tries failed logins from $attacker, another new address ($src) cannot reach sshd either: the limit counts everyone together, so one attacker locks every administrator out. Limit per source address (recent and hashlimit --hashlimit-mode srcip do; an nftables meter keyed on ip saddr)" ;;
esac
pass "$attacker was blocked after $tries failed logins ($secs s); another address still reaches sshd"
