set -eu
# From client, for real: the TLS handshake with secure.lab on web, the certificate chain
# checked against client's copy of the CA (/root/lab-ca.crt) and the name, then the page with
# curl --cacert. TLS 1.0 and 1.1 are offered with every cipher allowed (security level 0), so
# only the server can refuse them.
ca=/root/lab-ca.crt
[ -s "$ca" ] || fail_t client-no-ca ca="$ca"
grep -q 'PRIVATE KEY' "$ca" && fail_t client-ca-has-key ca="$ca"
openssl x509 -in "$ca" -noout 2>/dev/null || fail_t client-ca-not-pem ca="$ca"
openssl x509 -in "$ca" -noout -ext basicConstraints 2>/dev/null | grep -q 'CA:TRUE' ||
  fail_t client-ca-not-ca ca="$ca"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! timeout 8 openssl s_client -connect "$WEB_IP:443" -servername secure.lab -showcerts </dev/null >"$tmp/s" 2>&1; then
  grep -q 'Connection refused' "$tmp/s" && fail_t nothing-on-443 web_ip="$WEB_IP"
  grep -qi 'wrong version number\|packet length too long' "$tmp/s" &&
    fail_t no-tls-on-443
  fail_t no-handshake out="$(grep -m1 -i 'error\|alert' "$tmp/s" || tail -n 1 "$tmp/s")"
fi
awk '/BEGIN CERTIFICATE/ { n++ } n == 1 { print } /END CERTIFICATE/ && n == 1 { exit }' "$tmp/s" > "$tmp/leaf.pem"
awk '/BEGIN CERTIFICATE/ { n++ } n >= 2 { print } /END CERTIFICATE/ && n >= 2 { }' "$tmp/s" > "$tmp/chain.pem"
[ -s "$tmp/leaf.pem" ] || fail_t no-certificate-sent
subj=$(openssl x509 -in "$tmp/leaf.pem" -noout -subject | cut -d= -f2-)
iss=$(openssl x509 -in "$tmp/leaf.pem" -noout -issuer | cut -d= -f2-)
casubj=$(openssl x509 -in "$ca" -noout -subject | cut -d= -f2-)
verify_args=(-CAfile "$ca")
[ -s "$tmp/chain.pem" ] && verify_args+=(-untrusted "$tmp/chain.pem")
if ! err=$(openssl verify "${verify_args[@]}" "$tmp/leaf.pem" 2>&1); then
  if printf '%s\n' "$err" | grep -q 'expired'; then
    fail_t served-cert-expired enddate="$(openssl x509 -in "$tmp/leaf.pem" -noout -enddate)"
  elif printf '%s\n' "$err" | grep -q 'not yet valid'; then
    fail_t served-cert-not-yet-valid startdate="$(openssl x509 -in "$tmp/leaf.pem" -noout -startdate)"
  elif [ "$subj" = "$iss" ]; then
    fail_t served-self-signed subj="$subj"
  elif [ "$iss" = "$casubj" ]; then
    fail_t served-old-ca iss="$iss" ca="$ca"
  fi
  fail_t served-not-verified iss="$iss" ca="$ca" casubj="$casubj" out="$(printf '%s\n' "$err" | grep -m1 -o 'error [0-9]*.*' || printf '%s\n' "$err" | tail -n 1)"
fi
cert_check "$tmp/leaf.pem" served

for p in tls1 tls1_1; do
  if timeout 5 openssl s_client -connect "$WEB_IP:443" -servername secure.lab -"$p" -cipher 'DEFAULT@SECLEVEL=0' </dev/null >"$tmp/old" 2>&1 &&
    grep -q 'Protocol *: TLSv1\(\.1\)\?$' "$tmp/old"; then
    fail_t old-tls-accepted out="$(sed -n 's/^ *Protocol *: //p' "$tmp/old" | head -n 1)"
  fi
done

body=$(curl -sS --noproxy '*' --max-time 5 --cacert "$ca" --resolve "secure.lab:443:$WEB_IP" https://secure.lab/ 2>&1) ||
  fail_t curl-fails ca="$ca" body="$body"
case "$body" in
  *'secure.lab: served over TLS'*) ;;
  *) fail_t wrong-content out="$(printf %s "$body" | head -c 80)" ;;
esac
proto=$(sed -n 's/^ *Protocol *: //p' "$tmp/s" | head -n 1)
[ -n "$proto" ] || proto=$(sed -n 's/^New, \([^,]*\),.*/\1/p' "$tmp/s" | head -n 1)
pass_t client-ok ca="$ca" iss="$iss" proto="$proto"
