set -eu
# On web. A CA: a private key and a self-signed certificate that says CA:TRUE (req -x509 adds it).
cd /root/ca
openssl req -x509 -newkey rsa:2048 -noenc -days 3650 -subj '/CN=Lab Root CA' -keyout ca.key -out ca.crt
chmod 600 ca.key
# The server: a key and a CSR that asks for the name secure.lab (the SAN is what clients check).
openssl req -new -newkey rsa:2048 -noenc -subj '/CN=secure.lab' -addext 'subjectAltName=DNS:secure.lab' \
  -keyout /etc/ssl/private/secure.lab.key -out secure.lab.csr
chmod 600 /etc/ssl/private/secure.lab.key
# The CA signs it. x509 -req drops the CSR's extensions unless told to copy them.
openssl x509 -req -in secure.lab.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 \
  -copy_extensions copy -out /etc/ssl/certs/secure.lab.crt
openssl verify -CAfile ca.crt /etc/ssl/certs/secure.lab.crt
openssl x509 -in /etc/ssl/certs/secure.lab.crt -noout -subject -issuer -dates -ext subjectAltName
