set -eu
# From client, for real: the TLS handshake with secure.lab on web, the certificate chain
# checked against client's copy of the CA (/root/lab-ca.crt) and the name, then the page with
# curl --cacert. TLS 1.0 and 1.1 are offered with every cipher allowed (security level 0), so
# only the server can refuse them.
ca=/root/lab-ca.crt
[ -s "$ca" ] || fail "client has no $ca: copy the CA's certificate (ca.crt, not its key) from web to client"
grep -q 'PRIVATE KEY' "$ca" && fail "$ca on client holds a PRIVATE KEY: the CA's key must never leave web. Copy ca.crt only"
openssl x509 -in "$ca" -noout 2>/dev/null || fail "$ca is not a PEM certificate"
openssl x509 -in "$ca" -noout -ext basicConstraints 2>/dev/null | grep -q 'CA:TRUE' ||
  fail "$ca is not a CA certificate (no CA:TRUE): copy /root/ca/ca.crt from web, not the server's certificate"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! timeout 8 openssl s_client -connect "$WEB_IP:443" -servername secure.lab -showcerts </dev/null >"$tmp/s" 2>&1; then
  grep -q 'Connection refused' "$tmp/s" && fail "nothing listens on web ($WEB_IP) port 443: listen 443 ssl; in a server block, then nginx -s reload"
  grep -qi 'wrong version number\|packet length too long' "$tmp/s" &&
    fail "web answers on port 443 without TLS (plain HTTP?): the listen line needs ssl, listen 443 ssl;"
  fail "no TLS handshake with web:443: $(grep -m1 -i 'error\|alert' "$tmp/s" || tail -n 1 "$tmp/s")"
fi
awk '/BEGIN CERTIFICATE/ { n++ } n == 1 { print } /END CERTIFICATE/ && n == 1 { exit }' "$tmp/s" > "$tmp/leaf.pem"
awk '/BEGIN CERTIFICATE/ { n++ } n >= 2 { print } /END CERTIFICATE/ && n >= 2 { }' "$tmp/s" > "$tmp/chain.pem"
[ -s "$tmp/leaf.pem" ] || fail "web's TLS handshake sent no certificate"
subj=$(openssl x509 -in "$tmp/leaf.pem" -noout -subject | cut -d= -f2-)
iss=$(openssl x509 -in "$tmp/leaf.pem" -noout -issuer | cut -d= -f2-)
casubj=$(openssl x509 -in "$ca" -noout -subject | cut -d= -f2-)
verify_args=(-CAfile "$ca")
[ -s "$tmp/chain.pem" ] && verify_args+=(-untrusted "$tmp/chain.pem")
if ! err=$(openssl verify "${verify_args[@]}" "$tmp/leaf.pem" 2>&1); then
  if printf '%s\n' "$err" | grep -q 'expired'; then
    fail "web's certificate has expired ($(openssl x509 -in "$tmp/leaf.pem" -noout -enddate)): sign a new one and reload nginx"
  elif printf '%s\n' "$err" | grep -q 'not yet valid'; then
    fail "web's certificate is not valid yet ($(openssl x509 -in "$tmp/leaf.pem" -noout -startdate)): is the clock right?"
  elif [ "$subj" = "$iss" ]; then
    fail "web serves a self-signed certificate ($subj), not one signed by your CA: ssl_certificate must be the certificate the CA signed"
  elif [ "$iss" = "$casubj" ]; then
    fail "web's certificate names your CA ($iss) as issuer, but $ca's key did not sign it: the CA was made again after signing, or client has an old ca.crt. Copy web's current /root/ca/ca.crt, or sign again"
  fi
  fail "web's certificate (issued by $iss) does not verify against $ca (which is $casubj): $(printf '%s\n' "$err" | grep -m1 -o 'error [0-9]*.*' || printf '%s\n' "$err" | tail -n 1). Wrong CA file on client, or nginx serves another certificate?"
fi
why=$(cert_problem "$tmp/leaf.pem")
[ -z "$why" ] || fail "web's certificate for secure.lab: $why"

for p in tls1 tls1_1; do
  if timeout 5 openssl s_client -connect "$WEB_IP:443" -servername secure.lab -"$p" -cipher 'DEFAULT@SECLEVEL=0' </dev/null >"$tmp/old" 2>&1 &&
    grep -q 'Protocol *: TLSv1\(\.1\)\?$' "$tmp/old"; then
    fail "web still accepts $(sed -n 's/^ *Protocol *: //p' "$tmp/old" | head -n 1) from a client that offers it: ssl_protocols TLSv1.2 TLSv1.3; and no @SECLEVEL=0 in ssl_ciphers"
  fi
done

body=$(curl -sS --noproxy '*' --max-time 5 --cacert "$ca" --resolve "secure.lab:443:$WEB_IP" https://secure.lab/ 2>&1) ||
  fail "curl --cacert $ca https://secure.lab/ fails: $body"
case "$body" in
  *'secure.lab: served over TLS'*) ;;
  *) fail "https://secure.lab/ answers, but not with /var/www/secure/index.html (got: $(printf %s "$body" | head -c 80)): root /var/www/secure; in the server block" ;;
esac
proto=$(sed -n 's/^ *Protocol *: //p' "$tmp/s" | head -n 1)
[ -n "$proto" ] || proto=$(sed -n 's/^New, \([^,]*\),.*/\1/p' "$tmp/s" | head -n 1)
pass "curl --cacert $ca trusts https://secure.lab/ (certificate by $iss, $proto); TLS 1.0 and 1.1 refused"
