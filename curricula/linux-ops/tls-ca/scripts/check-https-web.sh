set -eu
# On web: nginx runs, nginx -t accepts the configuration, and the server block of secure.lab
# on 443 uses a certificate and key that belong together, a key nobody else can read, and no
# protocol older than TLS 1.2 (the ssl_protocols in force, the http block's included).
pgrep -x nginx >/dev/null || fail "nginx is not running on web: nginx -t, then nginx (or service nginx start)"
if ! err=$(nginx -t 2>&1); then
  err=$(printf '%s\n' "$err" | sed 's/^.*\[\(emerg\|error\)\] [0-9#]*: /[\1] /')
  case "$err" in
    *'key values mismatch'*) fail "nginx -t: the certificate and key of a server block do not belong together (key values mismatch): $(printf '%s\n' "$err" | grep -m1 emerg)" ;;
  esac
  fail "nginx -t rejects the configuration: $(printf '%s\n' "$err" | grep -m1 'emerg\|error' || printf '%s\n' "$err" | head -n 1)"
fi
nginx_site
[ -n "$site_cert" ] && [ -n "$site_key" ] ||
  fail "the secure.lab server block ($site_file) needs ssl_certificate and ssl_certificate_key"
[ -r "$site_cert" ] && [ -r "$site_key" ] || fail "nginx is told to use $site_cert and $site_key, which do not both exist"
[ "$(pubkey_of "$site_cert")" = "$(pubkey_of "$site_key")" ] ||
  fail "$site_cert and $site_key (of the secure.lab server block) do not match: the certificate carries another public key. Compare openssl x509 -noout -pubkey -in CERT with openssl pkey -pubout -in KEY"
case "$(stat -c %a "$site_key")" in
  *[1-7]) fail "$site_key is readable by everyone (mode $(stat -c %a "$site_key")): chmod 600 $site_key (nginx reads it as root before it drops privileges)" ;;
esac
old=''
for p in $site_protocols; do
  case "$p" in SSLv2 | SSLv3 | TLSv1 | TLSv1.1) old="$old $p" ;; esac
done
[ -z "$old" ] ||
  fail "secure.lab still allows$old: ssl_protocols is '$site_protocols' (from $site_protocols_from). Set ssl_protocols TLSv1.2 TLSv1.3; in its server block (or in the http block of nginx.conf), then nginx -s reload"
pass "nginx serves secure.lab with $site_cert and its key $site_key; protocols: $site_protocols"
