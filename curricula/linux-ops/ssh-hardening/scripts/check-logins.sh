set -eu
# From client, for real: ana's password is refused (password and keyboard-interactive), root
# is refused with anything (client's keys, its password), and ana's key still gets in.
ssh_try ana ana-password password,keyboard-interactive -o PubkeyAuthentication=no
ssh_expect_reached
case "$ssh_how" in
  password) fail_t password-login ssh_offered="${ssh_offered:-?}" ;;
  keyboard-interactive) fail_t kbd-interactive-login ;;
  '') ;;
  *) fail_t login-without-key ssh_how="$ssh_how" ;;
esac

client_keys
keys=()
for k in $client_keys; do keys+=(-i "$k"); done
ssh_try root root-password publickey,password,keyboard-interactive "${keys[@]}"
ssh_expect_reached
[ -z "$ssh_how" ] ||
  fail_t root-login-allowed ssh_how="$ssh_how"

[ -n "$client_keys" ] || fail_t no-usable-key
ssh_try ana '' publickey "${keys[@]}"
ssh_expect_reached
[ "$ssh_how" = publickey ] ||
  { [ -n "$ssh_offered" ] || fail_t key-login-lost-offers-nothing; fail_t key-login-lost ssh_offered="$ssh_offered"; }
pass_t logins-ok
