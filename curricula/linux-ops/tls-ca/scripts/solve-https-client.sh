set -eu
# On client: fetch the CA certificate, compare its fingerprint with the one web prints, use it.
curl -sSf -o /root/lab-ca.crt http://web/lab-ca.crt
openssl x509 -in /root/lab-ca.crt -noout -fingerprint -sha256
curl --cacert /root/lab-ca.crt https://secure.lab/
