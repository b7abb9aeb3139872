set -eu
# rr hands each new connection to the next server in the list: over any 12 consecutive
# connections (a multiple of 3 servers) each server gets exactly 4, whatever came before.
N=12
asks $N 80
set -- $seq
case "$(lvs_tally "$@")" in
  "rs1 4, rs2 4, rs3 4") pass_t rr-ok tally="$(lvs_tally "$@")" n="$N" vip="$VIP" seq="$seq" ;;
esac
n=$(printf '%s\n' "$@" | sort -u | wc -l)
[ "$n" -gt 1 ] ||
  fail_t rr-all-one tally="$(lvs_tally "$@")" n="$N" vip="$VIP" seq="$seq"
[ "$n" -gt 2 ] ||
  fail_t rr-one-idle tally="$(lvs_tally "$@")" n="$N" vip="$VIP" seq="$seq"
fail_t rr-uneven tally="$(lvs_tally "$@")" n="$N" vip="$VIP" seq="$seq"
