set -eu
# On client: the release and its detached signature in /root/release, the signer's public key
# in root's keyring (imported, with no secret half), and the signature verifies there; a copy
# of the release with one byte more must fail to verify.
d=/root/release f=/root/release/app-1.0.tar.gz
[ -s "$f" ] || fail "client has no $f: download it from https://secure.lab/release/ with curl --cacert /root/lab-ca.crt -O"
sig=''
for s in "$f.asc" "$f.sig"; do [ -s "$s" ] && { sig=$s; break; }; done
[ -n "$sig" ] || fail "client has no signature next to the release in $d (app-1.0.tar.gz.asc): download it too"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gpg --batch --export > "$tmp/keys.gpg" 2>/dev/null || true
[ -s "$tmp/keys.gpg" ] || fail "root's keyring on client holds no public key: gpg --import release-key.asc (downloaded from web)"
status=$(gpgv --status-fd 1 --keyring "$tmp/keys.gpg" "$sig" "$f" 2>/dev/null || true)
case "$status" in
  *'[GNUPG:] GOODSIG'*) ;;
  *'[GNUPG:] BADSIG'*) fail "gpg says BAD signature for $f on client: this copy is not the file that was signed. Download both again" ;;
  *NO_PUBKEY*) fail "the key that made $sig (key id $(printf '%s\n' "$status" | sed -n 's/.*NO_PUBKEY //p' | head -n 1)) is not in root's keyring on client: gpg --import the release-key.asc that web publishes" ;;
  *) fail "gpg cannot verify $sig on client: $(gpgv --keyring "$tmp/keys.gpg" "$sig" "$f" 2>&1 | tail -n 1)" ;;
esac
fpr=$(printf '%s\n' "$status" | awk '$2 == "VALIDSIG" { print $NF; exit }')
if gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10 }' | grep -qx "${fpr:-none}"; then
  fail "client holds the SECRET key of the release signer ($fpr): only web may sign. Verify with the public key alone (gpg --delete-secret-keys $fpr)"
fi
cp "$f" "$tmp/tampered.tar.gz"
printf 'x' >> "$tmp/tampered.tar.gz"
case "$(gpgv --status-fd 1 --keyring "$tmp/keys.gpg" "$sig" "$tmp/tampered.tar.gz" 2>/dev/null || true)" in
  *'[GNUPG:] BADSIG'*) ;;
  *) fail "$sig still verifies when the release is changed: it is not a detached signature of this file" ;;
esac
pass "client verifies $(basename "$sig") with the imported public key ($fpr); a changed copy fails"
