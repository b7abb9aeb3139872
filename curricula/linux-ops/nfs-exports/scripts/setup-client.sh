set -eu
# The application's account, with the same numbers on every client (sec=sys sends numbers).
id deploy >/dev/null 2>&1 || useradd -m -u 1001 -U -s /bin/bash deploy
