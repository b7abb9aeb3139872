set -eu
tar -tzf /srv/data/backup/site-2024-03-04.tar.gz
mkdir -p /srv/restore
tar -xzf /srv/data/backup/site-2024-03-04.tar.gz -C /srv/restore
ls -lR /srv/restore/site
