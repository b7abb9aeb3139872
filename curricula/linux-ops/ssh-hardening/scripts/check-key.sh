set -eu
# From client: ana logs in to server with a key of client's root, and with nothing else.
client_keys
if [ -z "$client_keys" ]; then
  [ -n "$open_keys" ] &&
    fail_t keys-readable-by-others open_keys="${open_keys# }"
  [ -n "$locked_keys" ] &&
    fail_t keys-need-passphrase locked_keys="${locked_keys# }"
  fail_t no-client-key
fi
keys=()
for k in $client_keys; do keys+=(-i "$k"); done
ssh_try ana '' publickey "${keys[@]}"
ssh_expect_reached
if [ "$ssh_how" = publickey ]; then
  printf '%s\n' "$ssh_out" | grep -qx ana ||
    fail_t key-login-wrong-user
  pass_t key-ok keys="$(echo $client_keys)" src="$src"
fi
case ",$ssh_offered," in
  *,publickey,*) ;;
  ,,) fail_t no-pubkey-offers-nothing ;;
  *) fail_t no-pubkey-offered ssh_offered="$ssh_offered" ;;
esac
fail_t key-refused keys="$(echo $client_keys)"
