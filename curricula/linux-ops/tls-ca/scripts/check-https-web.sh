set -eu
# On web: nginx runs, nginx -t accepts the configuration, and the server block of secure.lab
# on 443 uses a certificate and key that belong together, a key nobody else can read, and no
# protocol older than TLS 1.2 (the ssl_protocols in force, the http block's included).
pgrep -x nginx >/dev/null || fail_t nginx-not-running
if ! err=$(nginx -t 2>&1); then
  err=$(printf '%s\n' "$err" | sed 's/^.*\[\(emerg\|error\)\] [0-9#]*: /[\1] /')
  case "$err" in
    *'key values mismatch'*) fail_t nginx-key-mismatch out="$(printf '%s\n' "$err" | grep -m1 emerg)" ;;
  esac
  fail_t nginx-config-invalid out="$(printf '%s\n' "$err" | grep -m1 'emerg\|error' || printf '%s\n' "$err" | head -n 1)"
fi
nginx_site
[ -n "$site_cert" ] && [ -n "$site_key" ] ||
  fail_t no-ssl-directives site_file="$site_file"
[ -r "$site_cert" ] && [ -r "$site_key" ] || fail_t cert-files-missing site_cert="$site_cert" site_key="$site_key"
[ "$(pubkey_of "$site_cert")" = "$(pubkey_of "$site_key")" ] ||
  fail_t site-key-mismatch site_cert="$site_cert" site_key="$site_key"
case "$(stat -c %a "$site_key")" in
  *[1-7]) fail_t site-key-mode site_key="$site_key" mode="$(stat -c %a "$site_key")" ;;
esac
old=''
for p in $site_protocols; do
  case "$p" in SSLv2 | SSLv3 | TLSv1 | TLSv1.1) old="$old $p" ;; esac
done
if [ -n "$old" ]; then
  [ "$site_protocols_from" = "nginx's default" ] &&
    fail_t old-protocols-by-default old="${old# }" site_protocols="$site_protocols"
  fail_t old-protocols old="${old# }" site_protocols="$site_protocols" site_protocols_from="$site_protocols_from"
fi
pass_t web-ok site_cert="$site_cert" site_key="$site_key" site_protocols="$site_protocols"
