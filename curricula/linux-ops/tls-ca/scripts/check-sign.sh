set -eu
# On web: root's GnuPG keyring holds the secret key of release@secure.lab, the release has a
# detached signature by that key next to it, and the published release-key.asc is that key's
# public half (and nothing secret).
rel=/var/www/secure/release f=/var/www/secure/release/app-1.0.tar.gz
[ -s "$f" ] || fail_t release-gone f="$f"
fpr=$(gpg --batch --with-colons --list-secret-keys 'release@secure.lab' 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
[ -n "$fpr" ] ||
  fail_t no-signing-key
sig=''
for s in "$f.asc" "$f.sig"; do [ -s "$s" ] && { sig=$s; break; }; done
[ -n "$sig" ] || fail_t no-signature f="$f"
packets=$(gpg --batch --list-packets "$sig" 2>/dev/null || true)
case "$packets" in
  *':signature packet:'*) ;;
  *) fail_t not-a-signature sig="$sig" ;;
esac
case "$packets" in
  *'literal data packet'* | *'compressed packet'*)
    fail_t not-detached sig="$sig" f="$f" ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gpg --batch --export "$fpr" > "$tmp/key.gpg"
status=$(gpgv --status-fd 1 --keyring "$tmp/key.gpg" "$sig" "$f" 2>/dev/null || true)
case "$status" in
  *'[GNUPG:] GOODSIG'*) ;;
  *'[GNUPG:] BADSIG'*) fail_t bad-signature sig="$sig" f="$f" ;;
  *) fail_t wrong-signer sig="$sig" fpr="$fpr" f="$f" ;;
esac
pub=$rel/release-key.asc
[ -s "$pub" ] || fail_t key-not-published pub="$pub"
shown=$(gpg --batch --with-colons --show-keys "$pub" 2>/dev/null || true)
printf '%s\n' "$shown" | grep -q '^sec' &&
  fail_t secret-key-published pub="$pub"
printf '%s\n' "$shown" | awk -F: '$1 == "fpr" { print $10 }' | grep -qx "$fpr" ||
  fail_t wrong-key-published pub="$pub" fpr="$fpr"
pass_t sign-ok sig_name="$(basename "$sig")" fpr="$fpr" pub="$pub"
