// In a real lab, the setup and check scripts of a course call the functions of the course's
// prelude (roadmap.yaml) like the helpers of check.sh: a failing library function gives the
// check's FAIL: line, a passing one its PASS, and the script's own `set -eu` still holds.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../server/check/run.js';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf, checksOf, runnableScript } from '../../server/exercise-lab.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

const LIB = `# Functions of the whole course (functions only: nothing runs here).

# expect_page HOST WORD: passes when http://HOST/ says WORD, fails saying what is wrong.
expect_page() {
  local body
  body=$(http_get "http://$1/" 2>/dev/null) || fail "course library: nothing answers HTTP on $1"
  case "$body" in *"$2"*) pass "course library: $1 says $2" ;; esac
  fail "course library: $1 answers, but without $2"
}

# mark_setup: leaves the marker the fixture's check-env.sh looks for.
mark_setup() { echo "set up by the lab" > /root/setup-marker; }
`;

/** The labs fixture course, with lib/web.sh as its prelude and scripts that call it. */
function courseWithLibrary(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'opslab-prelude-')), 'course');
  cpSync(LABS_COURSE, dir, { recursive: true });
  mkdirSync(path.join(dir, 'lib'));
  writeFileSync(path.join(dir, 'lib/web.sh'), LIB);
  const roadmap = path.join(dir, 'roadmap.yaml');
  writeFileSync(roadmap, readFileSync(roadmap, 'utf8').replace('title: Lab fixtures\n', 'title: Lab fixtures\nprelude: [lib/web.sh]\n'));
  const scripts = path.join(dir, 'web-serve/scripts');
  writeFileSync(path.join(scripts, 'setup-web.sh'), 'set -eu\nmark_setup\n');
  writeFileSync(path.join(scripts, 'check-hello.sh'), 'set -eu\nexpect_page "$WEB_IP" hello\n');
  return dir;
}

describe("a course's prelude in a real lab", () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  beforeAll(async () => {
    ({ labs, curriculum } = await testLabManager({ curriculumDir: courseWithLibrary() }));
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  it('lets setup and check scripts call its functions, with the check contract intact', async () => {
    const ex = curriculum.exercises.get('web-serve')!;
    const lab = await labs.ready((await labs.start({ learner: 'prelude', blueprint: blueprintOf(ex) })).id);
    const check = (task: string) => runChecks({ checks: checksOf(ex, task), run: (p) => labs.run({ lab, ...p }) });

    // The setup script called mark_setup.
    expect((await check('env')).tests.map((t) => [t.status, t.message])).toEqual([['pass', 'all set']]);

    const before = await check('serve');
    expect(before.tests.map((t) => [t.status, t.message])).toEqual([['fail', `course library: nothing answers HTTP on ${lab.env.WEB_IP}`]]);

    const solve = await labs.run({ lab, host: 'web', script: runnableScript(ex, 'scripts/solve-web.sh'), timeoutMs: 10_000 });
    expect(solve.exitCode).toBe(0);
    const after = await check('serve');
    expect(after.tests.map((t) => [t.status, t.message])).toEqual([['pass', `course library: ${lab.env.WEB_IP} says hello`]]);

    // The library defines, the script decides: its own set -u still stops it on an unset variable.
    const unset = await labs.run({ lab, host: 'web', script: runnableScript(ex, 'scripts/check-hello.sh').replace('expect_page "$WEB_IP"', 'expect_page "$NO_SUCH_VARIABLE"'), timeoutMs: 10_000 });
    expect(unset.exitCode).not.toBe(0);
    expect(unset.output).toContain('NO_SUCH_VARIABLE: unbound variable');
    await labs.destroy(lab.id);
  });
});
