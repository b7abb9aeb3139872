set -eu
mkdir -p /root/answers
awk -F, 'NR > 1 { units[$2] += $4 } END { for (r in units) print r, units[r] }' /srv/reports/sales.csv | sort > /root/answers/units-by-region.txt
cat /root/answers/units-by-region.txt
