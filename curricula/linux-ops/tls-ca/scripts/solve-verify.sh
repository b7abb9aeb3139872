set -eu
# On client: download over HTTPS, import the key, compare its fingerprint with web's, verify.
cd /root/release
for f in app-1.0.tar.gz app-1.0.tar.gz.asc release-key.asc; do
  curl -sSf --cacert /root/lab-ca.crt -O "https://secure.lab/release/$f"
done
gpg --batch --import release-key.asc
gpg --fingerprint release@secure.lab
gpg --verify app-1.0.tar.gz.asc app-1.0.tar.gz
