# Shared by this exercise's scripts (its `prelude`): functions only, nothing runs here.

# nginx_site: nginx's configuration as nginx reads it (nginx.conf and its includes, by a
# small parser in python3), for the server block that serves secure.lab on port 443 with TLS.
# Sets $site_file (where the block is), $site_cert, $site_key (ssl_certificate and
# ssl_certificate_key), $site_protocols (the ssl_protocols in force: the server's own, else the
# http block's, else nginx's default) and $site_protocols_from (the file that sets them). Fails
# when no such block exists.
nginx_site() {
  local out
  out=$(python3 - <<'PY'
import glob, os, sys

def tokenize(path):
    try:
        data = open(path, encoding='utf-8', errors='replace').read()
    except OSError:
        return []
    out, i, n = [], 0, len(data)
    while i < n:
        c = data[i]
        if c.isspace():
            i += 1
        elif c == '#':
            while i < n and data[i] != '\n':
                i += 1
        elif c in '{};':
            out.append((c, False)); i += 1
        elif c in '"\'':
            j = data.find(c, i + 1)
            j = n if j < 0 else j
            out.append((data[i + 1:j], True)); i = j + 1
        else:
            j = i
            while j < n and not data[j].isspace() and data[j] not in '{};"\'':
                j += 1
            out.append((data[i:j], False)); i = j
    return out

def parse(path, depth=0):
    toks, pos = tokenize(path), [0]
    def block():
        items, cur = [], []
        while pos[0] < len(toks):
            tok, quoted = toks[pos[0]]; pos[0] += 1
            if not quoted and tok == ';':
                if cur and cur[0] == 'include' and len(cur) > 1 and depth < 8:
                    pat = cur[1] if cur[1].startswith('/') else os.path.join('/etc/nginx', cur[1])
                    for f in sorted(glob.glob(pat)):
                        items.extend(parse(f, depth + 1))
                elif cur:
                    items.append((cur, None, path))
                cur = []
            elif not quoted and tok == '{':
                items.append((cur, block(), path)); cur = []
            elif not quoted and tok == '}':
                return items
            else:
                cur.append(tok)
        return items
    return block()

def first(items, name):
    for args, kids, f in items:
        if args and args[0] == name and kids is None:
            return args[1:], f
    return None, None

top = parse('/etc/nginx/nginx.conf')
http = next((kids for args, kids, f in top if args == ['http']), [])
hproto, hfile = first(http, 'ssl_protocols')
servers = []
for args, kids, f in http:
    if args != ['server'] or kids is None:
        continue
    on443 = [a for a, k, _ in kids if a and a[0] == 'listen' and k is None and len(a) > 1 and a[1].split(':')[-1] == '443']
    ssl_on = any(a == ['ssl', 'on'] for a, k, _ in kids)   # the old way, before "listen ... ssl"
    tls = any('ssl' in a[2:] or ssl_on for a in on443)
    if not tls:
        continue
    names, _ = first(kids, 'server_name')
    servers.append((names or [], kids, f))
pick = next((s for s in servers if 'secure.lab' in s[0]), None)
if pick is None:
    print('none=%d' % len(servers)); sys.exit(0)
names, kids, f = pick
cert, _ = first(kids, 'ssl_certificate')
key, _ = first(kids, 'ssl_certificate_key')
proto, pfile = first(kids, 'ssl_protocols')
if proto is None:
    proto, pfile = (hproto, hfile) if hproto is not None else (['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], "nginx's default")
print('file=' + f)
print('cert=' + (cert[0] if cert else ''))
print('key=' + (key[0] if key else ''))
print('protocols=' + ' '.join(proto))
print('protocols_from=' + pfile)
PY
  ) || broken "the nginx configuration parser failed: $out"
  case "$out" in
    none=0) fail_t no-tls-server-block ;;
    none=*) fail_t no-secure-lab-block ;;
  esac
  site_file=$(printf '%s\n' "$out" | sed -n 's/^file=//p')
  site_cert=$(printf '%s\n' "$out" | sed -n 's/^cert=//p')
  site_key=$(printf '%s\n' "$out" | sed -n 's/^key=//p')
  site_protocols=$(printf '%s\n' "$out" | sed -n 's/^protocols=//p')
  site_protocols_from=$(printf '%s\n' "$out" | sed -n 's/^protocols_from=//p')
}

# pubkey_of FILE: the public key (PEM) of a certificate, CSR or private key, for comparisons.
pubkey_of() {
  if grep -q 'BEGIN CERTIFICATE-----' "$1" 2>/dev/null; then openssl x509 -in "$1" -noout -pubkey 2>/dev/null
  elif grep -q 'BEGIN CERTIFICATE REQUEST' "$1" 2>/dev/null; then openssl req -in "$1" -noout -pubkey 2>/dev/null
  else openssl pkey -in "$1" -pubout 2>/dev/null
  fi
}

# cert_check CERT WHOSE: fails when a server certificate for secure.lab is unfit (no SAN, a SAN
# without the name, expired, not yet valid); returns when it is fine. WHOSE is "file" (the
# certificate on web, named by its path) or "served" (the one nginx sends): each has its own
# catalog keys, so that the learner's language names the certificate too.
cert_check() {
  local san nb
  san=$(openssl x509 -in "$1" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' ')
  if [ -z "$san" ]; then
    case "$2" in file) fail_t crt-no-san crt="$1" ;; *) fail_t served-no-san ;; esac
  fi
  case ",$san," in
    *,DNS:secure.lab,*) ;;
    *) case "$2" in
         file) fail_t crt-san-without-name crt="$1" san="$san" ;;
         *) fail_t served-san-without-name san="$san" ;;
       esac ;;
  esac
  if ! openssl x509 -in "$1" -noout -checkend 0 >/dev/null 2>&1; then
    case "$2" in
      file) fail_t crt-expired crt="$1" enddate="$(openssl x509 -in "$1" -noout -enddate)" ;;
      *) fail_t served-expired enddate="$(openssl x509 -in "$1" -noout -enddate)" ;;
    esac
  fi
  nb=$(openssl x509 -in "$1" -noout -startdate | cut -d= -f2)
  if [ "$(date -d "$nb" +%s)" -gt "$(date +%s)" ]; then
    case "$2" in
      file) fail_t crt-not-yet-valid crt="$1" not_before="$nb" ;;
      *) fail_t served-not-yet-valid not_before="$nb" ;;
    esac
  fi
  return 0
}
