set -eu
# Data for the text-tools tasks, generated deterministically (the same lab every time).
# The checks compute their answers from these files, not from constants.
mkdir -p /srv/logs /srv/reports /srv/app /root/answers
rm -rf /srv/files

# 1. An nginx access log ("combined" format), 400 requests. $1 is the client, $9 the
# status, $10 the size. Some URLs and sizes contain 500-599 to catch a careless grep.
awk 'function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
function pick(list, weights, k,   r, i) { r = rnd(100); for (i = 1; i <= k; i++) { r -= weights[i]; if (r < 0) return list[i] } return list[k] }
BEGIN {
  seed = 20240304
  nip = split("203.0.113.7 198.51.100.23 192.0.2.44 203.0.113.99 198.51.100.5 192.0.2.150 203.0.113.12 10.20.30.40 198.51.100.77 192.0.2.8 203.0.113.200 172.16.5.9", ip, " ")
  split("30 22 16 9 6 5 4 3 2 1 1 1", ipw, " ")
  ns = split("200 304 301 404 500 502 503 504", st, " ")
  split("70 8 4 8 4 3 2 1", stw, " ")
  np = split("/ /index.html /products /products/42 /products/500 /cart /checkout /api/v1/orders /api/v1/users/503 /static/app.js /static/app.css /login /errors/502.html /favicon.ico", path, " ")
  na = split("Mozilla/5.0 (X11; Linux x86_64) Firefox/123.0|Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) Safari/605.1.15|curl/7.88.1|Googlebot/2.1 (+http://www.google.com/bot.html)", agent, "|")
  t = 10 * 3600
  for (i = 1; i <= 400; i++) {
    c = pick(ip, ipw, nip)
    s = pick(st, stw, ns)
    p = path[rnd(np) + 1]
    m = (p == "/api/v1/orders" || p == "/login" || p == "/checkout") && rnd(2) ? "POST" : "GET"
    if (s == 304) size = 0
    else if (rnd(10) == 0) size = 500 + rnd(100)
    else size = 200 + rnd(60000)
    t += 1 + rnd(20)
    printf "%s - - [04/Mar/2024:%02d:%02d:%02d +0000] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\"\n", c, int(t / 3600), int(t / 60) % 60, t % 60, m, p, s, size, agent[rnd(na) + 1]
  }
}' > /srv/logs/access.log

# 2. A CSV with a header line: date,region,product,units,unit_price
awk 'function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
BEGIN {
  seed = 4242
  split("north south east west north south north", region, " ")
  split("widget gadget gizmo", product, " ")
  split("2.50 12.00 7.25", price, " ")
  print "date,region,product,units,unit_price"
  for (i = 1; i <= 80; i++) {
    k = rnd(3) + 1
    printf "2024-03-%02d,%s,%s,%d,%s\n", int((i - 1) / 8) + 1, region[rnd(7) + 1], product[k], rnd(20) + 1, price[k]
  }
}' > /srv/reports/sales.csv

# 3. A staging configuration to turn into a production one with sed.
cat > /srv/app/app.conf <<'CONF'
# shop application configuration
# environment: staging

[server]
listen = 0.0.0.0:8080
workers = 4
debug = true
debug_sql = true

[database]
    # the primary; the replicas are in [replicas]
host = db1.staging.internal
port = 5432
name = shop

[replicas]
hosts = db2.staging.internal,db3.staging.internal

[storage]
backup_bucket = s3://staging-archive/shop
cache_url = redis://cache.staging.internal:6379/0
	
[ui]
banner_color = #336699
title = Shop (staging)
CONF
rm -f /srv/app/app.prod.conf

# 4. A tree of files of various ages and sizes for find.
mkdir -p /srv/files/app /srv/files/web /srv/files/db /srv/files/media /srv/files/archive/2023 /srv/files/logs.log
mk() { # mk PATH BYTES DAYS_AGO
  head -c "$2" /dev/zero | tr '\0' 'x' > "$1"
  touch -d "$3 days ago" "$1"
}
mk /srv/files/app/app.log 4000 2
mk /srv/files/app/app-2024-01.log 9000 45
mk /srv/files/app/app-2023-12.log 12000 95
mk "/srv/files/app/old report.log" 3000 60
mk /srv/files/app/small.dat 921600 3
mk /srv/files/web/access.log 20000 0
mk /srv/files/web/access.log.1 50000 35
mk /srv/files/web/error.log 800 40
mk /srv/files/web/error.log.gz 500 70
mk "/srv/files/web/big access.log" 2097152 5
mk /srv/files/db/slow.log 7000 10
mk /srv/files/db/replica.log 6000 25
mk /srv/files/db/dump.sql 3145728 50
mk /srv/files/archive/2023/app.log 15000 300
mk /srv/files/media/video.mp4 5242880 20
mk /srv/files/media/exactly-1m.bin 1048576 15
mk /srv/files/media/just-over-1m.bin 1048577 15
touch -d '90 days ago' /srv/files/logs.log
