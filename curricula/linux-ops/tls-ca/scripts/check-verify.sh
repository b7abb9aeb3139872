set -eu
# On client: the release and its detached signature in /root/release, the signer's public key
# in root's keyring (imported, with no secret half), and the signature verifies there; a copy
# of the release with one byte more must fail to verify.
d=/root/release f=/root/release/app-1.0.tar.gz
[ -s "$f" ] || fail_t client-no-release f="$f"
sig=''
for s in "$f.asc" "$f.sig"; do [ -s "$s" ] && { sig=$s; break; }; done
[ -n "$sig" ] || fail_t client-no-signature d="$d"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gpg --batch --export > "$tmp/keys.gpg" 2>/dev/null || true
[ -s "$tmp/keys.gpg" ] || fail_t client-no-public-key
status=$(gpgv --status-fd 1 --keyring "$tmp/keys.gpg" "$sig" "$f" 2>/dev/null || true)
case "$status" in
  *'[GNUPG:] GOODSIG'*) ;;
  *'[GNUPG:] BADSIG'*) fail_t client-bad-signature f="$f" ;;
  *NO_PUBKEY*) fail_t client-key-not-imported sig="$sig" out="$(printf '%s\n' "$status" | sed -n 's/.*NO_PUBKEY //p' | head -n 1)" ;;
  *) fail_t client-cannot-verify sig="$sig" out="$(gpgv --keyring "$tmp/keys.gpg" "$sig" "$f" 2>&1 | tail -n 1)" ;;
esac
fpr=$(printf '%s\n' "$status" | awk '$2 == "VALIDSIG" { print $NF; exit }')
if gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10 }' | grep -qx "${fpr:-none}"; then
  fail_t client-has-secret-key fpr="$fpr"
fi
cp "$f" "$tmp/tampered.tar.gz"
printf 'x' >> "$tmp/tampered.tar.gz"
case "$(gpgv --status-fd 1 --keyring "$tmp/keys.gpg" "$sig" "$tmp/tampered.tar.gz" 2>/dev/null || true)" in
  *'[GNUPG:] BADSIG'*) ;;
  *) fail_t verifies-changed-copy sig="$sig" ;;
esac
pass_t verify-ok sig_name="$(basename "$sig")" fpr="$fpr"
