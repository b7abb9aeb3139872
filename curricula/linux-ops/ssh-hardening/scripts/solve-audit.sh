set -eu
# On server: list setuid/setgid files and world-writable ones, ask dpkg which package owns
# each setuid/setgid file, and fix what no package owns.
find / -xdev -type f \( -perm -4000 -o -perm -2000 \) -exec ls -l {} + 2>/dev/null
find / -xdev \( -type f -perm -0002 \) -o \( -type d -perm -0002 ! -perm -1000 \) 2>/dev/null
dpkg -S /usr/local/sbin/backup-find || true     # dpkg-query: no path found: not Debian's
rm -f /usr/local/sbin/backup-find /var/lib/misc/.cache-update   # setuid-root copies of find and bash
chmod g-s /usr/local/bin/logview                                # setgid shadow: reads every hash
chmod 644 /etc/profile.d/proxy.sh                               # sourced by root's login shells
chmod 755 /usr/local/sbin/nightly-report.sh                     # run by root from cron
chmod 1777 /srv/shared                                          # shared: sticky, like /tmp
