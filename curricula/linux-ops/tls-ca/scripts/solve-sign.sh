set -eu
# On web: a signing key made without questions (batch mode, no passphrase in this lab), a
# detached signature of the release, and the public key published next to it.
gpg --batch --passphrase '' --quick-gen-key 'Lab Release <release@secure.lab>' ed25519 sign 1y
cd /var/www/secure/release
gpg --batch --yes --local-user release@secure.lab --armor --detach-sign app-1.0.tar.gz
gpg --armor --export release@secure.lab > release-key.asc
gpg --verify app-1.0.tar.gz.asc app-1.0.tar.gz
gpg --fingerprint release@secure.lab
