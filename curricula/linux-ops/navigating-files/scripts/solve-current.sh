set -eu
ls -v /srv/data/releases
ln -sfn releases/v1.10 /srv/data/current
ls -l /srv/data/current
readlink -f /srv/data/current
