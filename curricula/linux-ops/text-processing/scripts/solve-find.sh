set -eu
mkdir -p /root/answers
find /srv/files -type f -name '*.log' -mtime +30 > /root/answers/old-logs.txt
find /srv/files -type f -size +1M > /root/answers/big-files.txt
cat /root/answers/old-logs.txt /root/answers/big-files.txt
