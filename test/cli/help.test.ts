// Every command and subcommand, through main() in this process but in a sandbox (sandbox.ts) where
// any side effect shows: `--help` prints the usage and exits 0, an unknown option exits 2, and
// neither starts, writes or touches anything. (cli.test.ts runs the CLI as a process.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSandbox, runMain, type Sandbox } from './sandbox.js';

/** Every command and subcommand; the first test keeps this list equal to the CLI's own. */
const COMMAND_PATHS = ['serve', 'validate', 'schema', 'openapi', 'catalog', 'setup', 'settings', 'engine', 'engine up', 'engine drain', 'engine undrain', 'engine status', 'doctor', 'vm', 'vm build', 'vm snapshot', 'vm boot', 'vm console', 'lab', 'lab up', 'lab down', 'lab ls', 'lab gc', 'lab exec', 'lab view', 'lab capture', 'lab fault', 'check', 'grade', 'selftest', 'i18n', 'i18n stamp'];

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await openSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

it('covers every command and subcommand there is', async () => {
  const { allCommands } = await import('../../server/cli/main.js');
  const paths = (await allCommands()).flatMap((c) => (c.kind === 'group' ? [c.name, ...c.subcommands.map((s) => s.name)] : [c.name]));
  expect(paths.sort()).toEqual([...COMMAND_PATHS].sort());
});

describe('--help prints the usage to stdout, exits 0 and changes nothing', () => {
  const lines = [
    ...COMMAND_PATHS.map((name) => ({ args: [...name.split(' '), '--help'], name })),
    { args: ['lab', 'up', '-h'], name: 'lab up' },
    { args: ['grade', '-h'], name: 'grade' },
    // Help wins over whatever else is wrong on the line.
    { args: ['selftest', '--concurrency', 'abc', '--bogus', '--help'], name: 'selftest' },
    { args: ['help', 'lab', 'up'], name: 'lab up' },
    { args: ['help', 'vm'], name: 'vm' },
  ];
  it.each(lines.map((l) => [l.args.join(' '), l.name]))('opslab %s', async (line, name) => {
    const run = await runMain(sandbox, line.split(' '));
    // What it changed first: on a failure, that says most.
    expect({ changes: sandbox.changes(), code: run.code, stderr: run.stderr }).toEqual({ changes: [], code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^usage: opslab ${name} `));
  });

  it('even with a bad setting in the environment', async () => {
    const run = await runMain(sandbox, ['serve', '--help'], { OPSLAB_PORT: 'eighty' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: opslab serve /);
    expect(sandbox.changes()).toEqual([]);
  });
});

describe('an unknown option exits 2 with a line naming it and the usage on stderr, and changes nothing', () => {
  it.each(COMMAND_PATHS.map((p) => [p]))('opslab %s --no-such-option', async (name) => {
    const run = await runMain(sandbox, [...name.split(' '), '--no-such-option']);
    expect({ changes: sandbox.changes(), code: run.code }).toEqual({ changes: [], code: 2 });
    expect(run.stdout).toBe('');
    const [first, ...rest] = run.stderr.split('\n');
    expect(first).toMatch(new RegExp(`^opslab ${name}: unknown (option|subcommand) '--no-such-option'`));
    expect(rest.join('\n')).toContain(`usage: opslab ${name} `);
  });
});

describe('opslab itself', () => {
  it('with no command prints the list of commands to stderr and exits 2', async () => {
    const run = await runMain(sandbox, []);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^usage: opslab <command>/);
  });

  it.each([['--help'], ['-h'], ['help']])('opslab %s lists every command and exits 0', async (word) => {
    const run = await runMain(sandbox, [word]);
    expect(run.code).toBe(0);
    for (const c of COMMAND_PATHS.filter((p) => !p.includes(' '))) expect(run.stdout).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    expect(sandbox.changes()).toEqual([]);
  });

  it.each([[['nosuch']], [['help', 'nosuch']], [['constructor']]])('opslab %s is an unknown command: exit 2', async (args) => {
    const run = await runMain(sandbox, args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`unknown command '${args.at(-1)}'`);
  });
});
