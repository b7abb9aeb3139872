// The fast lane (`npm run check`): the tests that need no Docker engine, no VM, no browser, no
// PostgreSQL and no root, so a contributor can run them anywhere in a minute or two. A test file
// belongs here unless it reaches for one of those through the helpers or APIs listed in NEEDS
// (read from its source, so a new test is sorted without anyone keeping a list). Docker is
// pointed at a socket that does not exist: a test sorted here by mistake fails loudly instead of
// quietly using the engine CI happens to have.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const NEEDS = [
  /helpers\/(engine|browser|server)\.js/, // a Docker engine, Chromium, a server process with an engine
  /\/support\.js'/, // lab and terminal fixtures on the engine (test/engine, test/terminal)
  /\bstart\w*VmEngine\b|ensureDefaultVmImage|engine\/vm\/index/, // the vm engine (QEMU)
  /\b(createEngines|connectEngine|ensureLocalEngine|createLocalEngine)\b/,
  /from 'dockerode'/,
  /OPSLAB_TEST_PG|postgres:\/\//, // the PostgreSQL store
];

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' || name === 'serial' ? [] : testFiles(p);
    return name.endsWith('.test.ts') ? [p] : [];
  });
}

export const unitTests = testFiles('test').filter((f) => !NEEDS.some((re) => re.test(readFileSync(f, 'utf8'))));
const scratch = mkdtempSync(path.join(tmpdir(), 'opslab-unit-'));

export default defineConfig({
  test: {
    include: unitTests,
    testTimeout: 30_000,
    pool: 'forks',
    execArgv: ['--expose-gc'],
    env: {
      DOCKER_HOST: `unix://${path.join(scratch, 'no-docker.sock')}`,
      OPSLAB_CACHE: path.join(scratch, 'cache'),
      OPSLAB_DATA: path.join(scratch, 'data'),
    },
  },
});
