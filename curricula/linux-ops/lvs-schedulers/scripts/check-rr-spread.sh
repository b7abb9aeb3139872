set -eu
# rr hands each new connection to the next server in the list: over any 12 consecutive
# connections (a multiple of 3 servers) each server gets exactly 4, whatever came before.
N=12
asks $N 80
set -- $seq
got="$(lvs_tally "$@") of $N new connections to $VIP:80 (in order: $seq)"
case "$(lvs_tally "$@")" in
  "rs1 4, rs2 4, rs3 4") pass "$got: round robin" ;;
esac
n=$(printf '%s\n' "$@" | sort -u | wc -l)
[ "$n" -gt 1 ] ||
  fail "$got: every connection reached one server. Persistence (-p) would do that (one client, one server), or the other servers have weight 0 or are missing; rr sends each new connection to the next server"
[ "$n" -gt 2 ] ||
  fail "$got: one server gets nothing: is its weight 0 (quiescent), or is it missing from the service?"
fail "$got: rr gives exactly 4 each over 12 new connections. An uneven count means another scheduler (wrr with unequal weights, or wlc, the default when -s is missing), or someone else's connections in between"
