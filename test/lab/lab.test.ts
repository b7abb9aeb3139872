import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../server/check/run.js';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { Engine } from '../../server/engine/types.js';
import { listManaged } from '../../server/lab/docker-runtime.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

describe('labs on the real Docker engine', () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  let engine: Engine;
  let instance: string;
  beforeAll(async () => {
    ({ labs, curriculum, engine, instance } = await testLabManager({ curriculumDir: LABS_COURSE }));
  });
  afterAll(async () => {
    await labs?.close({ destroyAll: true });
  });

  const web = () => curriculum.exercises.get('web-serve')!;
  const check = (labId: string, task: string) => {
    const lab = labs.get(labId);
    return runChecks({ checks: checksOf(web(), task), run: (p) => labs.run({ lab, ...p }) });
  };

  it('starts a lab, fails its checks, passes them after the solve script, resets and destroys it', async () => {
    const started = await labs.start({ learner: 'alice', blueprint: blueprintOf(web()) });
    expect(started.state).toBe('starting');
    const lab = await labs.ready(started.id);
    expect(lab.state).toBe('ready');
    expect(lab.env.WEB_IP).toMatch(/^10\.123\.\d+\.20$/);
    expect(lab.env.WEB_BACK_IP).toMatch(/^10\.123\.\d+\.2$/);
    expect(lab.values['ip.client']).toBe(lab.env.CLIENT_IP);
    expect(lab.subnets.back).toMatch(/\/28$/);

    const env = await check(lab.id, 'env');
    expect(env.tests.map((t) => [t.status, t.message])).toEqual([['pass', 'all set']]);

    const before = await check(lab.id, 'serve');
    expect(before.status).toBe('fail');
    expect(before.tests[0]!.message).toBe(`nothing answers HTTP on web (${lab.env.WEB_IP})`);

    const solve = await labs.run({ lab, host: 'web', script: web().scripts['scripts/solve-web.sh']!, timeoutMs: 10_000 });
    expect(solve.exitCode).toBe(0);
    const after = await check(lab.id, 'serve');
    expect(after.tests[0]).toMatchObject({ status: 'pass', message: 'web says hello', task_id: 'serve' });

    await labs.reset(lab.id);
    await labs.ready(lab.id);
    expect((await check(lab.id, 'serve')).status).toBe('fail'); // the solution is gone with the old containers

    await labs.destroy(lab.id);
    const left = await listManaged({ docker: engine.docker, instance, lab: lab.id });
    expect(left.containers).toEqual([]);
    expect(left.networks).toEqual([]);
  });

  it('gives labs of two learners subnets that do not overlap, and a learner the same lab twice', async () => {
    const a = await labs.start({ learner: 'bob', blueprint: blueprintOf(web()) });
    const b = await labs.start({ learner: 'carol', blueprint: blueprintOf(web()) });
    const again = await labs.start({ learner: 'bob', blueprint: blueprintOf(web()) });
    expect(again.id).toBe(a.id);
    await Promise.all([labs.ready(a.id), labs.ready(b.id)]);
    expect(a.subnets.lan).not.toBe(b.subnets.lan);
    // bob's client cannot reach carol's web: the labs are on separate internal networks.
    const lab = labs.get(a.id);
    const res = await labs.run({ lab, host: 'client', script: `ping -c1 -W1 ${b.env.WEB_IP} >/dev/null 2>&1 && echo reached || echo unreachable`, timeoutMs: 5000 });
    expect(res.stdout.trim()).toBe('unreachable');
    await Promise.all([labs.destroy(a.id), labs.destroy(b.id)]);
  });

  it('reports a hanging check, a broken check and a gone host as error, not as the learner failing', async () => {
    const lab = await labs.ready((await labs.start({ learner: 'dave', blueprint: blueprintOf(web()) })).id);
    const run = (p: { host: string; script: string; timeoutMs: number }) => labs.run({ lab, ...p });
    const t0 = Date.now();
    const results = await runChecks({
      run,
      checks: [
        { taskId: 't', name: 'hangs', host: 'client', script: 'sleep 60', timeoutSeconds: 2 },
        { taskId: 't', name: 'forks a daemon and hangs', host: 'client', script: '(sleep 60 &) ; sleep 60', timeoutSeconds: 2 },
        { taskId: 't', name: 'exits 3', host: 'client', script: 'echo oops; exit 3', timeoutSeconds: 5 },
        { taskId: 't', name: 'floods', host: 'client', script: 'head -c 20000000 /dev/zero | tr "\\0" x; echo; echo "FAIL: too chatty"; exit 1', timeoutSeconds: 20 },
        { taskId: 't', name: 'fails plainly', host: 'client', script: 'echo first; echo "the last line"; exit 1', timeoutSeconds: 5 },
      ],
    });
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(results.tests.map((t) => [t.name, t.status])).toEqual([
      ['hangs', 'error'],
      ['forks a daemon and hangs', 'error'],
      ['exits 3', 'error'],
      ['floods', 'fail'],
      ['fails plainly', 'fail'],
    ]);
    expect(results.tests[3]!.message).toBe('too chatty');
    expect(results.tests[3]!.output.length).toBeLessThan(70_000);
    expect(results.tests[4]!.message).toBe('the last line');
    expect(results.status).toBe('error');

    await engine.docker.getContainer(lab.hosts.find((h) => h.name === 'web')!.containerId).remove({ force: true });
    const gone = await runChecks({ run, checks: [{ taskId: 't', name: 'on a dead host', host: 'web', script: 'true', timeoutSeconds: 5 }] });
    expect(gone.tests[0]).toMatchObject({ status: 'error', message: "Host 'web' is not running any more; reset the lab." });
    await labs.destroy(lab.id);
  });

  it('fails a lab whose setup script fails, with its output, and leaves nothing behind', async () => {
    const bp = blueprintOf(web());
    const broken = { ...bp, scripts: { ...bp.scripts, 'scripts/setup-web.sh': 'echo "cannot configure"; exit 4' } };
    const lab = await labs.start({ learner: 'erin', blueprint: broken });
    await expect(labs.ready(lab.id)).rejects.toMatchObject({ code: 'LAB_SETUP_FAILED' });
    expect(lab.state).toBe('failed');
    expect(lab.error!.message).toContain('Setup script scripts/setup-web.sh on web exited with 4');
    expect(lab.error!.message).toContain('cannot configure');
    const left = await listManaged({ docker: engine.docker, instance, lab: lab.id });
    expect([...left.containers, ...left.networks]).toEqual([]);
    await labs.destroy(lab.id);
  });

  it('refuses a second lab while one is starting', async () => {
    const first = await labs.start({ learner: 'frank', blueprint: blueprintOf(web()) });
    const other = { ...blueprintOf(web()), exercise: 'another-exercise' };
    await expect(labs.start({ learner: 'frank', blueprint: other })).rejects.toMatchObject({ code: 'LAB_ALREADY_STARTING' });
    await labs.ready(first.id);
    await labs.destroy(first.id);
  });
});

describe('scripts that read standard input', () => {
  it('cannot swallow the rest of a check: the command gets /dev/null, the script runs to its end', async () => {
    const { labs, curriculum } = await testLabManager({ curriculumDir: LABS_COURSE });
    try {
      const lab = await labs.ready((await labs.start({ learner: 'stdin', blueprint: blueprintOf(curriculum.exercises.get('web-serve')!) })).id);
      const r = await labs.run({ lab, host: 'client', script: 'read -r line || echo "stdin is empty"\ncat\necho "FAIL: the end was reached"\nexit 1', timeoutMs: 10_000 });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('stdin is empty\nFAIL: the end was reached\n');
    } finally {
      await labs.close({ destroyAll: true });
    }
  });
});

describe('a check while it runs', () => {
  // docs/security.md: nothing in the lab can read a check. A learner's process that scans every
  // /proc/PID/cmdline and environ while a check runs must not find the check's text there. The
  // watcher's own source never spells the marker out (it is joined at run time), and a learner's
  // process that does carry it in its argv is the control: the watcher must see that one.
  it('is not in any process argv or environment of the lab', async () => {
    const { labs, curriculum } = await testLabManager({ curriculumDir: LABS_COURSE });
    try {
      const lab = await labs.ready((await labs.start({ learner: 'snoop', blueprint: blueprintOf(curriculum.exercises.get('web-serve')!) })).id);
      const watcher = [
        "cat > /tmp/watch.py <<'PY'",
        'import os, re, time',
        "pat = re.compile(rb'(check|control)-' + rb'marker-7f3a')",
        'seen, end = set(), time.time() + 8',
        'while time.time() < end:',
        '    for p in os.listdir("/proc"):',
        '        if not p.isdigit() or int(p) == os.getpid(): continue',
        '        for f in ("cmdline", "environ"):',
        '            try: data = open(f"/proc/{p}/{f}", "rb").read()',
        '            except OSError: continue',
        '            seen.update(m.group(1).decode() + ":" + f for m in pat.finditer(data))',
        '    open("/tmp/seen.new", "w").write(" ".join(sorted(seen))); os.replace("/tmp/seen.new", "/tmp/seen")',
        '    time.sleep(0.02)',
        'PY',
        'setsid python3 /tmp/watch.py >/dev/null 2>&1 </dev/null &',
        `setsid bash -c "sleep 6; : control-marker-7f3a" >/dev/null 2>&1 </dev/null &`,
        'echo watching',
      ].join('\n');
      expect((await labs.run({ lab, host: 'client', script: watcher, timeoutMs: 10_000 })).stdout.trim()).toBe('watching');
      const check = await labs.run({ lab, host: 'client', script: ': check-marker-7f3a\nsleep 3\necho "FAIL: looked at"\nexit 1', timeoutMs: 10_000 });
      expect(check.stdout.trim()).toBe('FAIL: looked at');
      const seen = await labs.run({ lab, host: 'client', script: 'sleep 1; cat /tmp/seen', timeoutMs: 10_000 });
      expect(seen.stdout.trim().split(' ')).toEqual(['control:cmdline']);
    } finally {
      await labs.close({ destroyAll: true });
    }
  });
});
