set -eu
chgrp atlas /srv/atlas/shared
chmod 2770 /srv/atlas/shared
ls -ld /srv/atlas/shared
su -s /bin/sh alice -c 'touch /srv/atlas/shared/notes.txt' </dev/null
ls -l /srv/atlas/shared
