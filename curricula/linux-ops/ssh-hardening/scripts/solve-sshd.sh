set -eu
# On server: keys only, no root. The provider's drop-in comes first (sshd keeps the first
# value it reads), so fix it there rather than adding lines to the end of sshd_config.
cat > /etc/ssh/sshd_config.d/50-provider.conf <<'CONF'
# Hardened: keys only, no root login.
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
CONF
sshd -t                                   # test before reloading
sshd -T | grep -Ei '^(permitrootlogin|passwordauthentication|kbdinteractiveauthentication) '
service ssh reload                        # the running sshd rereads its configuration (SIGHUP)
