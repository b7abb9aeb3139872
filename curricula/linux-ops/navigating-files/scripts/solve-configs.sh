set -eu
mkdir -p /root/configs
find /srv/data -type f -name '*.conf' -print -exec cp -t /root/configs {} +
ls -la /root/configs
