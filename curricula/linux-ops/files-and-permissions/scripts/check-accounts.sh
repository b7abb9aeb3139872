set -eu
getent group atlas >/dev/null || fail_t no-group-atlas
id alice >/dev/null 2>&1 || fail_t no-user-alice
id bob >/dev/null 2>&1 || fail_t no-user-bob
# What a fresh login of each user gets (su reads the group database anew, as a login does).
alice_groups=$(su -s /bin/sh alice -c 'id -nG' </dev/null 2>/dev/null) || alice_groups=$(id -nG alice)
case " $alice_groups " in
  *" atlas "*) ;;
  *) fail_t alice-not-in-atlas groups="$alice_groups" ;;
esac
bob_groups=$(su -s /bin/sh bob -c 'id -nG' </dev/null 2>/dev/null) || bob_groups=$(id -nG bob)
case " $bob_groups " in
  *" atlas "*)
    [ "$(id -gn bob)" = atlas ] &&
      fail_t atlas-bob-primary
    fail_t bob-in-atlas groups="$bob_groups"
    ;;
esac
pass_t accounts-ok alice_groups="$alice_groups" bob_groups="$bob_groups"
