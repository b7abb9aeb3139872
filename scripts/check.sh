#!/usr/bin/env bash
# `npm run check`: the fast lane. Typecheck, lint and the tests that need no Docker, VM, browser,
# PostgreSQL or root (vitest.unit.config.ts sorts them), each timed. Run it before pushing; CI runs
# the typecheck and lint phases too, before the full suite (scripts/test.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/phase.sh
phase typecheck npx tsc -p tsconfig.json --noEmit || exit $?
phase lint npx biome lint --error-on-warnings || exit $?
phase unit npx vitest run --config vitest.unit.config.ts || exit $?
