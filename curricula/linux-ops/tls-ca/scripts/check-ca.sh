set -eu
# On web: the CA (key and self-signed CA certificate), and the server's key, CSR and
# certificate signed by that CA for secure.lab. Files are judged with openssl, not by name.
ca=/root/ca
for f in "$ca/ca.key" "$ca/ca.crt" "$ca/secure.lab.csr" /etc/ssl/private/secure.lab.key /etc/ssl/certs/secure.lab.crt; do
  [ -s "$f" ] || fail_t ca-file-missing f="$f"
done
openssl pkey -in "$ca/ca.key" -noout 2>/dev/null ||
  fail_t ca-key-unreadable ca="$ca"
openssl x509 -in "$ca/ca.crt" -noout 2>/dev/null || fail_t ca-crt-not-pem ca="$ca"
[ "$(pubkey_of "$ca/ca.crt")" = "$(pubkey_of "$ca/ca.key")" ] ||
  fail_t ca-crt-other-key ca="$ca"
[ "$(openssl x509 -in "$ca/ca.crt" -noout -subject)" = "subject=$(openssl x509 -in "$ca/ca.crt" -noout -issuer | cut -d= -f2-)" ] ||
  fail_t ca-crt-not-self-signed ca="$ca"
openssl x509 -in "$ca/ca.crt" -noout -ext basicConstraints 2>/dev/null | grep -q 'CA:TRUE' ||
  fail_t ca-crt-not-ca ca="$ca"
openssl x509 -in "$ca/ca.crt" -noout -checkend 0 >/dev/null || fail_t ca-crt-expired ca="$ca" enddate="$(openssl x509 -in "$ca/ca.crt" -noout -enddate)"
case "$(stat -c %a "$ca/ca.key")" in
  [0-7]00) ;;
  *) fail_t ca-key-mode ca="$ca" mode="$(stat -c %a "$ca/ca.key")" ;;
esac

key=/etc/ssl/private/secure.lab.key crt=/etc/ssl/certs/secure.lab.crt csr=$ca/secure.lab.csr
openssl pkey -in "$key" -noout 2>/dev/null || fail_t key-unreadable key="$key"
case "$(stat -c %a "$key")" in
  *0) ;;
  *) fail_t key-mode key="$key" mode="$(stat -c %a "$key")" ;;
esac
openssl req -in "$csr" -noout -verify >/dev/null 2>&1 || fail_t csr-invalid csr="$csr"
openssl x509 -in "$crt" -noout 2>/dev/null || fail_t crt-not-pem crt="$crt"
[ "$(pubkey_of "$crt")" = "$(pubkey_of "$key")" ] ||
  fail_t crt-key-mismatch crt="$crt" key="$key"
[ "$(pubkey_of "$csr")" = "$(pubkey_of "$key")" ] || fail_t csr-other-key csr="$csr" key="$key"
cert_check "$crt" file
if ! err=$(openssl verify -CAfile "$ca/ca.crt" "$crt" 2>&1); then
  [ "$(openssl x509 -in "$crt" -noout -subject | cut -d= -f2-)" = "$(openssl x509 -in "$crt" -noout -issuer | cut -d= -f2-)" ] &&
    fail_t crt-self-signed crt="$crt" ca="$ca"
  fail_t crt-not-verified crt="$crt" ca="$ca" out="$(printf '%s\n' "$err" | grep -m1 -o 'error [0-9]*.*' || echo "$err" | tail -n 1)" issuer="$(openssl x509 -in "$crt" -noout -issuer | cut -d= -f2-)"
fi
openssl x509 -in "$crt" -noout -ext basicConstraints 2>/dev/null | grep -q 'CA:TRUE' &&
  fail_t crt-is-ca crt="$crt"
pass_t ca-ok crt="$crt" enddate="$(openssl x509 -in "$crt" -noout -enddate)"
