set -eu
mkdir -p /root/answers
awk '$9 ~ /^5[0-9][0-9]$/' /srv/logs/access.log > /root/answers/errors-5xx.log
wc -l /root/answers/errors-5xx.log
