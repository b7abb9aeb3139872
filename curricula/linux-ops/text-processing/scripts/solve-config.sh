set -eu
sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' \
    -e 's/staging\.internal/prod.internal/g' \
    -e 's/^debug = true$/debug = false/' \
    /srv/app/app.conf > /srv/app/app.prod.conf
cat /srv/app/app.prod.conf
