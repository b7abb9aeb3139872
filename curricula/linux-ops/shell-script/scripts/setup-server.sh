set -eu
# Something real to back up while trying the script by hand. The checks never use it:
# they build their own directories in a scratch space under /tmp.
mkdir -p /srv/shop/config /srv/shop/uploads "/srv/shop/uploads/March reports" /var/backups/shop
printf '[app]\nport = 8080\n' > /srv/shop/config/app.conf
printf 'sales,march\n' > "/srv/shop/uploads/March reports/sales.csv"
printf 'logo\n' > /srv/shop/uploads/logo.txt
# Older backups, as a nightly job would have left them.
for day in 2024-02-27 2024-02-28 2024-02-29 2024-03-01; do
  tar -czf "/var/backups/shop/shop-$day.tar.gz" -C /srv shop
done
rm -f /usr/local/bin/backup-rotate
