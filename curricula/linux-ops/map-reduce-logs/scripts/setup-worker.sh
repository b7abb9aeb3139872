set -eu
# A worker: sshd (master's lab-only key authorized) and this worker's share of the web logs,
# /data/logs/access-*.log, generated from a seed (the host's name), so that every lab has the
# same data. About one line in 150 is broken the way real access logs are: cut short by a full
# disk or a rotation, a TLS handshake sent to the plain HTTP port, a request nginx logs as "-".
#
# LAB-ONLY KEY. The matching private key is embedded in setup-master.sh and is public (it is in
# the course's git repository). It opens nothing but the hosts of one lab, whose networks are
# internal. Never use it, or this way of handing out keys, anywhere else.
pubkey='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL+VK8SiIGPPKRGOjH/eajBqwt1Mg0tYeTLK8e9ddx6Y opslab-lab-only@master'

ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key </dev/null
install -d -m 700 /root/.ssh
printf '%s\n' "$pubkey" > /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys
install -d -m 755 /run/sshd
/usr/sbin/sshd -E /var/log/sshd.log </dev/null

install -d -m 755 /data/logs
python3 - "$OPSLAB_HOST" <<'PY'
import random, sys
host = sys.argv[1]
rnd = random.Random('opslab-map-reduce-' + host)
paths = ['/', '/index.html', '/products', '/products/42', '/products/7', '/cart', '/checkout',
         '/login', '/logout', '/api/v1/stock', '/api/v1/prices', '/search', '/static/app.js',
         '/static/site.css', '/static/logo.png', '/favicon.ico', '/robots.txt', '/about',
         '/contact', '/blog/2024/03/sale', '/blog', '/wp-login.php', '/.env', '/health']
weights = [60, 25, 40, 12, 9, 20, 8, 10, 3, 30, 18, 22, 45, 44, 40, 15, 4, 5, 3, 6, 7, 2, 1, 35]
queries = {'/search': ['q=shoes', 'q=red+shoes&page=2', 'q='], '/products': ['sort=price', 'page=3'],
           '/api/v1/stock': ['sku=A-1', 'sku=B-22']}
agents = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/124.0', 'curl/8.5.0',
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) Safari/604.1', 'Googlebot/2.1']
def client():
    if rnd.random() < 0.1:
        return '2001:db8:%x::%x' % (rnd.randrange(65536), rnd.randrange(65536))
    return '198.51.100.%d' % rnd.randrange(1, 255) if rnd.random() < 0.5 else '203.0.113.%d' % rnd.randrange(1, 255)
def line(minute):
    p = rnd.choices(paths, weights)[0]
    if p in queries and rnd.random() < 0.5:
        p += '?' + rnd.choice(queries[p])
    method = 'POST' if p in ('/login', '/checkout', '/cart') and rnd.random() < 0.5 else rnd.choice(['GET'] * 9 + ['HEAD'])
    status = rnd.choices(['200', '304', '404', '500', '502', '301'], [80, 8, 6, 2, 1, 3])[0]
    size = '0' if status == '304' else str(rnd.randrange(200, 90000))
    proto = rnd.choice(['HTTP/1.1'] * 6 + ['HTTP/2.0', 'HTTP/1.0'])
    t = '04/Mar/2024:%02d:%02d:%02d +0000' % (minute // 60, minute % 60, rnd.randrange(60))
    return '%s - - [%s] "%s %s %s" %s %s "-" "%s"' % (client(), t, method, p, proto, status, size, rnd.choice(agents))
def broken(minute):
    kind = rnd.randrange(4)
    good = line(minute)
    if kind == 0:
        return good[:rnd.randrange(10, 60)]            # cut short
    if kind == 1:
        return '%s - - [04/Mar/2024:10:00:00 +0000] "-" 400 0 "-" "-"' % client()
    if kind == 2:
        return '%s - - [04/Mar/2024:10:00:00 +0000] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00" 400 157 "-" "-"' % client()
    return ''
shards = 3
for n in range(shards):
    with open('/data/logs/access-%s-%d.log' % (host, n), 'w') as f:
        for i in range(3000):
            minute = (n * 3000 + i) * 1440 // (shards * 3000)
            f.write((broken(minute) if rnd.random() < 1 / 150 else line(minute)) + '\n')
PY
wait_for -t 10 sh -c 'ss -Htln "sport = :22" | grep -q .' || broken "sshd does not listen on port 22"
