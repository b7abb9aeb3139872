set -eu
# On server: fail2ban's sshd jail (Debian enables it in jail.d/defaults-debian.conf); settings
# of our own in a .local file, which wins over the .conf files and survives package upgrades.
cat > /etc/fail2ban/jail.d/sshd.local <<'CONF'
[sshd]
enabled  = true
maxretry = 5
findtime = 10m
bantime  = 1h
CONF
service fail2ban restart
for _ in 1 2 3 4 5 6 7 8 9 10; do fail2ban-client ping >/dev/null 2>&1 && break; sleep 0.5; done
fail2ban-client status sshd
