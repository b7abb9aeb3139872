set -eu
# On web: root's GnuPG keyring holds the secret key of release@secure.lab, the release has a
# detached signature by that key next to it, and the published release-key.asc is that key's
# public half (and nothing secret).
rel=/var/www/secure/release f=/var/www/secure/release/app-1.0.tar.gz
[ -s "$f" ] || fail "$f is gone: the release to sign was there when the lab started. Did you sign it in place with gpg --sign (which writes app-1.0.tar.gz.gpg) and delete it?"
fpr=$(gpg --batch --with-colons --list-secret-keys 'release@secure.lab' 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
[ -n "$fpr" ] ||
  fail "root's keyring on web has no secret key for release@secure.lab: gpg --batch --passphrase '' --quick-gen-key 'Lab Release <release@secure.lab>' ed25519 sign 1y"
sig=''
for s in "$f.asc" "$f.sig"; do [ -s "$s" ] && { sig=$s; break; }; done
[ -n "$sig" ] || fail "there is no signature $f.asc (or .sig) next to the release: gpg --armor --detach-sign $f"
packets=$(gpg --batch --list-packets "$sig" 2>/dev/null || true)
case "$packets" in
  *':signature packet:'*) ;;
  *) fail "$sig holds no OpenPGP signature" ;;
esac
case "$packets" in
  *'literal data packet'* | *'compressed packet'*)
    fail "$sig contains the release itself: it was made with gpg --sign or --clearsign, not a detached signature. gpg --armor --detach-sign $f" ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gpg --batch --export "$fpr" > "$tmp/key.gpg"
status=$(gpgv --status-fd 1 --keyring "$tmp/key.gpg" "$sig" "$f" 2>/dev/null || true)
case "$status" in
  *'[GNUPG:] GOODSIG'*) ;;
  *'[GNUPG:] BADSIG'*) fail "$sig does not match $f any more (BAD signature): the file changed after it was signed. Sign it again" ;;
  *) fail "$sig was not made by release@secure.lab's key ($fpr): sign with gpg --local-user release@secure.lab --armor --detach-sign $f" ;;
esac
pub=$rel/release-key.asc
[ -s "$pub" ] || fail "the public key is not published: gpg --armor --export release@secure.lab > $pub"
shown=$(gpg --batch --with-colons --show-keys "$pub" 2>/dev/null || true)
printf '%s\n' "$shown" | grep -q '^sec' &&
  fail "$pub holds a SECRET key, published for anyone to download: whoever has it can sign releases as you. Delete it, and export the public key only: gpg --armor --export release@secure.lab > $pub (a real key would now have to be revoked)"
printf '%s\n' "$shown" | awk -F: '$1 == "fpr" { print $10 }' | grep -qx "$fpr" ||
  fail "$pub is not the public key of release@secure.lab ($fpr): gpg --armor --export release@secure.lab > $pub"
pass "$(basename "$sig") is a good detached signature of app-1.0.tar.gz by $fpr, whose public key is in $pub"
