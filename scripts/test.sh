#!/usr/bin/env bash
# `npm test`: the main suite (files in parallel), then the serial suite (tests that stop the
# shared Docker engine), each timed, so a slow CI run says which half was slow.
set -uo pipefail
cd "$(dirname "$0")/.."
phase() {
  local name=$1; shift
  local t0=$SECONDS
  echo "test: phase $name: $*"
  "$@"
  local rc=$?
  echo "test: phase $name done in $((SECONDS - t0)) s (exit $rc)"
  return $rc
}
phase main npx vitest run || exit $?
phase serial npx vitest run --config vitest.serial.config.ts || exit $?
