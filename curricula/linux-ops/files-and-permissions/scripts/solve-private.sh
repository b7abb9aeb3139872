set -eu
chown root:atlas /srv/atlas/private/plan.txt
chmod 640 /srv/atlas/private/plan.txt
ls -l /srv/atlas/private/plan.txt
su -s /bin/sh alice -c 'cat /srv/atlas/private/plan.txt' </dev/null
