#!/usr/bin/env bash
# `npm test`: typecheck and lint first (seconds, and a red one needs no engine to say so), then the
# main suite, then the serial suite (tests that stop the shared Docker engine), each timed, so a
# slow CI run says which part was slow.
#
# The main suite runs in two lanes at once, each a vitest of its own taking one file at a time
# (vitest.config.ts sorts the files): the files that boot a VM (QEMU under emulation, the long
# pole) and the rest. vitest's projects share one worker count, so two lanes in one vitest would
# run one file at a time in all. Each lane's lines carry its name; each prints its own summary.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/phase.sh
phase typecheck npx tsc -p tsconfig.json --noEmit || exit $?
phase lint npx biome lint --error-on-warnings || exit $?

rcs=$(mktemp -d)
lane() {
  local name=$1; shift
  { phase "$name" "$@" 2>&1; echo $? > "$rcs/$name"; } | sed -u "s/^/[$name] /"
}
t0=$SECONDS
lane vm npx vitest run --project vm &
lane main npx vitest run --project main &
wait
vm_rc=$(cat "$rcs/vm" 2>/dev/null || echo 1)
main_rc=$(cat "$rcs/main" 2>/dev/null || echo 1)
rm -rf "$rcs"
echo "test: lanes vm and main done in $((SECONDS - t0)) s (exit $vm_rc and $main_rc)"
[ "$vm_rc" = 0 ] && [ "$main_rc" = 0 ] || exit 1
phase serial npx vitest run --config vitest.serial.config.ts || exit $?
