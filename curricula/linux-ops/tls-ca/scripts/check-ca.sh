set -eu
# On web: the CA (key and self-signed CA certificate), and the server's key, CSR and
# certificate signed by that CA for secure.lab. Files are judged with openssl, not by name.
ca=/root/ca
for f in "$ca/ca.key" "$ca/ca.crt" "$ca/secure.lab.csr" /etc/ssl/private/secure.lab.key /etc/ssl/certs/secure.lab.crt; do
  [ -s "$f" ] || fail "$f is missing (or empty) on web"
done
openssl pkey -in "$ca/ca.key" -noout 2>/dev/null ||
  fail "$ca/ca.key is not a private key openssl can read without a passphrase (in this lab, make it with -noenc or -nodes)"
openssl x509 -in "$ca/ca.crt" -noout 2>/dev/null || fail "$ca/ca.crt is not a PEM certificate"
[ "$(pubkey_of "$ca/ca.crt")" = "$(pubkey_of "$ca/ca.key")" ] ||
  fail "$ca/ca.crt does not belong to $ca/ca.key (their public keys differ): make the CA certificate from this key, openssl req -x509 -key $ca/ca.key ..."
[ "$(openssl x509 -in "$ca/ca.crt" -noout -subject)" = "subject=$(openssl x509 -in "$ca/ca.crt" -noout -issuer | cut -d= -f2-)" ] ||
  fail "$ca/ca.crt is not self-signed (its issuer is not its subject): a root CA signs its own certificate, openssl req -x509"
openssl x509 -in "$ca/ca.crt" -noout -ext basicConstraints 2>/dev/null | grep -q 'CA:TRUE' ||
  fail "$ca/ca.crt is not a CA certificate (no basicConstraints CA:TRUE): clients refuse certificates it signs. openssl req -x509 adds it by default; with -addext, add basicConstraints=critical,CA:TRUE"
openssl x509 -in "$ca/ca.crt" -noout -checkend 0 >/dev/null || fail "$ca/ca.crt has expired ($(openssl x509 -in "$ca/ca.crt" -noout -enddate))"
case "$(stat -c %a "$ca/ca.key")" in
  [0-7]00) ;;
  *) fail "$ca/ca.key is mode $(stat -c %a "$ca/ca.key"): whoever reads it can sign certificates for any name your clients will trust. chmod 600 $ca/ca.key" ;;
esac

key=/etc/ssl/private/secure.lab.key crt=/etc/ssl/certs/secure.lab.crt csr=$ca/secure.lab.csr
openssl pkey -in "$key" -noout 2>/dev/null || fail "$key is not a private key openssl can read without a passphrase (nginx would ask for it at every start)"
case "$(stat -c %a "$key")" in
  *0) ;;
  *) fail "$key is mode $(stat -c %a "$key"): the server's private key must not be readable by everyone. chmod 600 $key" ;;
esac
openssl req -in "$csr" -noout -verify >/dev/null 2>&1 || fail "$csr is not a valid certificate signing request (openssl req -new ...)"
openssl x509 -in "$crt" -noout 2>/dev/null || fail "$crt is not a PEM certificate"
[ "$(pubkey_of "$crt")" = "$(pubkey_of "$key")" ] ||
  fail "$crt and $key do not match (the certificate carries another public key): nginx refuses the pair with 'key values mismatch'. Make the CSR from this key and sign it again"
[ "$(pubkey_of "$csr")" = "$(pubkey_of "$key")" ] || fail "$csr was not made from $key (their public keys differ)"
why=$(cert_problem "$crt")
[ -z "$why" ] || fail "$crt: $why"
if ! err=$(openssl verify -CAfile "$ca/ca.crt" "$crt" 2>&1); then
  [ "$(openssl x509 -in "$crt" -noout -subject | cut -d= -f2-)" = "$(openssl x509 -in "$crt" -noout -issuer | cut -d= -f2-)" ] &&
    fail "$crt is self-signed, not signed by your CA: sign the CSR with openssl x509 -req -CA $ca/ca.crt -CAkey $ca/ca.key"
  fail "$crt does not verify against $ca/ca.crt ($(printf '%s\n' "$err" | grep -m1 -o 'error [0-9]*.*' || echo "$err" | tail -n 1)): it was issued by $(openssl x509 -in "$crt" -noout -issuer | cut -d= -f2-), with another key than ca.key?"
fi
openssl x509 -in "$crt" -noout -ext basicConstraints 2>/dev/null | grep -q 'CA:TRUE' &&
  fail "$crt is itself a CA certificate (CA:TRUE): a server certificate must not be able to sign others. Sign it without the CA extensions"
pass "the CA signed $crt for DNS:secure.lab ($(openssl x509 -in "$crt" -noout -enddate)); key, CSR and certificate belong together"
