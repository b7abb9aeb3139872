set -eu
mkdir -p /srv/atlas/docs /srv/atlas/private /srv/atlas/shared
echo 'Welcome to Atlas' > /srv/atlas/docs/README.txt
echo 'launch on friday' > /srv/atlas/private/plan.txt
ls -lR /srv/atlas
