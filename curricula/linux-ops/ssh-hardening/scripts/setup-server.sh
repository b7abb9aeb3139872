set -eu
# server: a fresh "rented" machine as a hosting provider hands it over. sshd runs with its
# provider defaults (root and passwords allowed, in a drop-in that overrides sshd_config), the
# user ana exists with a password, rsyslog writes sshd's log to /var/log/auth.log (what fail2ban
# reads), and a few dangerous file modes are planted among Debian's own for the audit task.

# rsyslog: the kernel log (imklog) cannot be read in a container; everything else as on Debian.
sed -i 's/^module(load="imklog"/#&/' /etc/rsyslog.conf
rsyslogd

# Accounts: ana, the administrator who will log in; root with a password, as the provider set it.
useradd -m -s /bin/bash -c 'Ana, operations' ana
printf '%s\n' 'ana:ana-password' 'root:root-password' | chpasswd

# sshd with this lab's own host keys (the image ships none) and the provider's drop-in.
ssh-keygen -A </dev/null >/dev/null
cat > /etc/ssh/sshd_config.d/50-provider.conf <<'CONF'
# Written by the provider's image builder so that customers can log in with the root
# password on first boot. Harden this server before you put anything on it.
PermitRootLogin yes
PasswordAuthentication yes
KbdInteractiveAuthentication yes
CONF
install -d -m 755 /run/sshd
/usr/sbin/sshd </dev/null        # logs to syslog: /var/log/auth.log
wait_for -t 10 sh -c 'ss -Htln "sport = :22" | grep -q .' || broken "sshd does not listen on port 22"

# Planted for the audit: two setuid-root programs that give a root shell to anyone, a
# setgid-shadow editor that reads every password hash, and files anyone may rewrite that root
# runs or reads. Debian's own setuid, setgid and sticky (1777) files stay as they are.
install -m 4755 -o root -g root /usr/bin/find /usr/local/sbin/backup-find
install -d -m 755 /var/lib/misc
install -m 4755 -o root -g root /bin/bash /var/lib/misc/.cache-update
install -m 2755 -o root -g shadow /usr/bin/vim.tiny /usr/local/bin/logview
printf '%s\n' '# proxy settings for every login shell' 'export no_proxy=localhost,127.0.0.1' > /etc/profile.d/proxy.sh
chmod 666 /etc/profile.d/proxy.sh
cat > /usr/local/sbin/nightly-report.sh <<'SH'
#!/bin/sh
# run by root every night (see /etc/cron.d/nightly-report)
df -h > /var/log/nightly-report.txt
SH
chmod 777 /usr/local/sbin/nightly-report.sh
install -d -m 755 /etc/cron.d
printf '%s\n' '# m h dom mon dow user command' '30 2 * * * root /usr/local/sbin/nightly-report.sh' > /etc/cron.d/nightly-report
install -d -m 777 /srv/shared
