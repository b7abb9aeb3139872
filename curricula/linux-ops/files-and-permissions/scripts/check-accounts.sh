set -eu
getent group atlas >/dev/null || fail "there is no group atlas: groupadd atlas"
id alice >/dev/null 2>&1 || fail "there is no user alice: useradd -m -G atlas alice"
id bob >/dev/null 2>&1 || fail "there is no user bob: useradd -m bob"
# What a fresh login of each user gets (su reads the group database anew, as a login does).
alice_groups=$(su -s /bin/sh alice -c 'id -nG' </dev/null 2>/dev/null) || alice_groups=$(id -nG alice)
case " $alice_groups " in
  *" atlas "*) ;;
  *) fail "alice is not in group atlas (her groups: $alice_groups): usermod -aG atlas alice" ;;
esac
bob_groups=$(su -s /bin/sh bob -c 'id -nG' </dev/null 2>/dev/null) || bob_groups=$(id -nG bob)
case " $bob_groups " in
  *" atlas "*)
    [ "$(id -gn bob)" = atlas ] &&
      fail "atlas is bob's primary group, so bob is a member: give him his own (usermod -g bob bob, after groupadd bob if needed)"
    fail "bob is in group atlas (his groups: $bob_groups), but he must not be: gpasswd -d bob atlas"
    ;;
esac
pass "alice is in atlas ($alice_groups), bob is not ($bob_groups)"
