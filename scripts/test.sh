#!/usr/bin/env bash
# `npm test`: typecheck and lint first (seconds, and a red one needs no engine to say so), then the
# main suite (vitest.config.ts: the files that boot a VM, then the rest, one file at a time), then
# the serial suite (tests that stop the shared Docker engine), each timed, so a slow CI run says
# which part was slow.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/phase.sh
phase typecheck npx tsc -p tsconfig.json --noEmit || exit $?
phase lint npx biome lint --error-on-warnings || exit $?
phase main npx vitest run || exit $?
phase serial npx vitest run --config vitest.serial.config.ts || exit $?
