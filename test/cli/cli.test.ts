// `node bin/opslab.js ...` as a process, in a sandbox where every side effect shows (sandbox.ts).
// help.test.ts has every command in process; here are the command lines of the issue and what
// only a whole process shows (settings read at start, the exit code, a server asked). Every run
// starts in beforeAll, three at a time: each is a Node process on a shared machine.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimited, openSandbox, runCli, type CliRun } from './sandbox.js';

type Run = CliRun & { changes: string[] };
interface Case {
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** Runs one command line in a fresh sandbox; returns what it printed and what it changed. */
async function inSandbox(c: Case): Promise<Run> {
  const sandbox = await openSandbox();
  try {
    const run = await runCli(sandbox, c.args, { env: c.env });
    return { ...run, changes: sandbox.changes() };
  } finally {
    await sandbox.close();
  }
}

// A FAKE opslab server for grade --live: records what it is asked and answers one lab.
const asked: { method?: string; url?: string; authorization?: string; language?: string }[] = [];
const fakeServer: Server = createServer((req: IncomingMessage, res) => {
  asked.push({ method: req.method, url: req.url, authorization: req.headers.authorization, language: req.headers['accept-language'] });
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ labs: [{ lab: 'lab-1', learner: 'ann', exercise: 'web-serve', status: 'pass', message: 'all good' }] }));
});
let fakeUrl = '';

const ISSUE_LINES: { args: string[]; code: number; out?: string; err?: string }[] = [
  { args: ['setup', '--help'], code: 0, out: 'usage: opslab setup ' },
  { args: ['serve', '--help'], code: 0, out: 'usage: opslab serve ' },
  { args: ['catalog', '--help'], code: 0, out: 'usage: opslab catalog ' },
  { args: ['schema', '--help'], code: 0, out: 'usage: opslab schema ' },
  { args: ['grade', '--help'], code: 0, out: 'usage: opslab grade ' },
  { args: [], code: 2, err: 'usage: opslab <command>' },
  { args: ['selftest', '--concurrency', 'abc'], code: 2, err: "opslab selftest: --concurrency: expected a whole number 1-64, got 'abc'\n" },
  { args: ['grade', 'web-serve', '--submissions', 'subs', '--locale', 'fr'], code: 2, err: "opslab grade: --locale: expected one of en, zh-CN, got 'fr'\n" },
];

const runs = new Map<string, Run>();
const run = (name: string) => runs.get(name)!;

beforeAll(async () => {
  await new Promise<void>((resolve) => fakeServer.listen(0, '127.0.0.1', resolve));
  fakeUrl = `http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`;
  const cases: Record<string, Case> = {
    ...Object.fromEntries(ISSUE_LINES.map((l) => [`issue: ${l.args.join(' ')}`, { args: l.args }])),
    'serve, bad setting': { args: ['serve', '--port', String(await freePort())], env: { OPSLAB_MAX_LABS: 'abc' } },
    'serve, every address and no public URL': { args: ['serve', '--port', String(await freePort())], env: { OPSLAB_HOST: '0.0.0.0' } },
    'settings --check, bad setting': { args: ['settings', '--check'], env: { OPSLAB_PORT: 'eighty' } },
    settings: { args: ['settings'], env: { OPSLAB_TOKEN: 'a-secret-token-of-some-length', OPSLAB_MAX_LABS: '7' } },
    'grade --live, flags': { args: ['grade', '--live', '--server', fakeUrl, '--token', 'grader-token-0123456789', '--cohort', 'c1'] },
    'grade --live, settings': { args: ['grade', '--live', '--json'], env: { OPSLAB_SERVER: fakeUrl, OPSLAB_TOKEN: 'token-from-the-environment' } },
    'grade --live, in Chinese': { args: ['grade', '--live', '--locale', 'zh-CN', '--cohort', 'zh'], env: { OPSLAB_SERVER: fakeUrl, OPSLAB_TOKEN: 'token-for-chinese' } },
    'doctor --json': { args: ['doctor', '--json'] },
    'engine status --json': { args: ['engine', 'status', '--json'], env: { OPSLAB_SERVER: `http://127.0.0.1:${await freePort()}` } },
  };
  const names = Object.keys(cases);
  const results = await mapLimited(names, 3, (name) => inSandbox(cases[name]!));
  for (const [i, name] of names.entries()) runs.set(name, results[i]!);
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => fakeServer.close(resolve));
});

function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    }),
  );
}

describe('the command lines of the issue do nothing but print (usage, or what is wrong)', () => {
  it.each(ISSUE_LINES.map((l, i) => [l.args.join(' '), i] as const))('opslab %s', (line, i) => {
    const r = run(`issue: ${line}`);
    const want = ISSUE_LINES[i]!;
    // What it changed first: on a failure, that says most.
    expect({ changes: r.changes, code: r.code, timedOut: r.timedOut }).toEqual({ changes: [], code: want.code, timedOut: false });
    if (want.out) {
      expect(r.stdout.startsWith(want.out), r.stdout + r.stderr).toBe(true);
      expect(r.stderr).toBe('');
    }
    if (want.err) {
      expect(r.stderr.startsWith(want.err), r.stderr).toBe(true);
      expect(r.stdout).toBe('');
    }
  });
});

describe('settings', () => {
  it('a bad setting stops `opslab serve` with exit 2 and one line naming it, before it listens or writes', () => {
    const r = run('serve, bad setting');
    expect({ changes: r.changes, code: r.code, timedOut: r.timedOut }).toEqual({ changes: [], code: 2, timedOut: false });
    expect(r.stderr).toBe("opslab serve: OPSLAB_MAX_LABS: expected a whole number 1-100000, got 'abc'\n");
    expect(r.stdout).not.toContain('serving');
  });

  it('`opslab serve` on every address with no public URL is a configuration error: exit 2, nothing written', () => {
    const r = run('serve, every address and no public URL');
    expect({ changes: r.changes, code: r.code, timedOut: r.timedOut }).toEqual({ changes: [], code: 2, timedOut: false });
    expect(r.stderr).toMatch(/^opslab serve: OPSLAB_HOST=0\.0\.0\.0 listens on every address.*OPSLAB_PUBLIC_URL/);
  });

  it('`opslab settings --check` names a bad one', () => {
    const r = run('settings --check, bad setting');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("opslab settings: OPSLAB_PORT: expected a whole number 1-65535, got 'eighty'\n");
  });

  it('`opslab settings` shows the values in effect, secrets masked', () => {
    const r = run('settings');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OPSLAB_MAX_LABS +set +7 /m);
    expect(r.stdout).toMatch(/^OPSLAB_PORT +default +8080 /m);
    expect(r.stdout).toMatch(/^OPSLAB_TOKEN +set +\(set, hidden\)/m);
    expect(r.stdout).not.toContain('a-secret-token');
  });
});

describe('grade --live', () => {
  it('asks the server given with --server, with the token given with --token (the form its usage shows)', () => {
    const r = run('grade --live, flags');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(asked).toContainEqual({ method: 'POST', url: '/api/grader/live?cohort=c1', authorization: 'Bearer grader-token-0123456789', language: 'en' });
    expect(r.stdout).toContain('lab-1  ann  web-serve  pass  all good');
  });

  it('takes the server from OPSLAB_SERVER and the token from OPSLAB_TOKEN', () => {
    const r = run('grade --live, settings');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).labs[0].lab).toBe('lab-1');
    expect(asked).toContainEqual({ method: 'POST', url: '/api/grader/live', authorization: 'Bearer token-from-the-environment', language: 'en' });
  });

  it('asks the server for the messages in the language of --locale (the server has the catalogs)', () => {
    const r = run('grade --live, in Chinese');
    expect(r.code, r.stderr).toBe(0);
    expect(asked).toContainEqual({ method: 'POST', url: '/api/grader/live?cohort=zh', authorization: 'Bearer token-for-chinese', language: 'zh-CN' });
  });
});

describe('--json, with an engine that does not answer', () => {
  it('doctor says so as JSON and exits 1', () => {
    const r = run('doctor --json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ engine: { kind: 'remote', description: expect.any(String) }, answers: false, docker: null, labImage: null, features: null, advice: [expect.any(String)] });
  });

  it('engine status says so as JSON and exits 1', () => {
    const r = run('engine status --json');
    expect(r.code).toBe(1);
    // No vm image in the sandbox's empty cache, no server at OPSLAB_SERVER.
    expect(JSON.parse(r.stdout)).toEqual({ engine: { kind: 'remote', description: expect.any(String) }, answers: false, docker: null, images: [], ready: false, vm: [], server: null });
  });
});

describe('a reader that stops early', () => {
  it('ends the command quietly when its output pipe closes (opslab validate | head -1), no EPIPE stack', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('sh', ['-c', 'node bin/opslab.js validate curricula | head -1; exit "$(cat /dev/null)"'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^zh-CN translation of linux-ops|^ok: /);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
  }, 60_000);
});
