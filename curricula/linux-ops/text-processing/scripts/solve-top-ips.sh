set -eu
mkdir -p /root/answers
awk '{ print $1 }' /srv/logs/access.log | sort | uniq -c | sort -rn | head -n 3 | awk '{ print $2, $1 }' > /root/answers/top-ips.txt
cat /root/answers/top-ips.txt
