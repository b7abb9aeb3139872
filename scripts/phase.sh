# phase NAME CMD...: run CMD, saying when it starts and how long it took (sourced by check.sh, test.sh).
phase() {
  local name=$1; shift
  local t0=$SECONDS
  echo "test: phase $name: $*"
  "$@"
  local rc=$?
  echo "test: phase $name done in $((SECONDS - t0)) s (exit $rc)"
  return $rc
}
