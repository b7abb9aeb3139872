// The command-line parser (server/cli/command.ts) and the commands' declarations, in process.
import { describe, expect, it } from 'vitest';
import { defineCommand, oneOf, parseCommand, type Parsed, usageOf, wholeNumber } from '../../server/cli/command.js';
import { command as grade, liveTarget } from '../../server/cli/grade.js';
import { command as lab } from '../../server/cli/lab.js';
import { allCommands } from '../../server/cli/main.js';
import { parseSettings } from '../../server/config.js';
import { command as selftest } from '../../server/cli/selftest.js';
import { command as serve } from '../../server/cli/serve.js';
import { command as vm } from '../../server/cli/vm.js';

function values(parsed: Parsed) {
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${parsed.kind}: ${parsed.kind === 'error' ? parsed.message : ''}`);
  return parsed.args;
}
function problem(parsed: Parsed) {
  if (parsed.kind !== 'error') throw new Error(`expected a usage error, got ${parsed.kind}`);
  return parsed.message;
}

describe('grade --live', () => {
  it('keeps both values of `--server URL --token T`, the form its usage shows', () => {
    const args = values(parseCommand(grade, ['--live', '--server', 'http://grading.example:8080', '--token', 'grader-token-0123456789']));
    expect(args.values).toMatchObject({ live: true, server: 'http://grading.example:8080', token: 'grader-token-0123456789' });
    expect(args.positionals).toEqual([]);
    expect(liveTarget({ values: args.values, settings: { server: 'http://127.0.0.1:8080', token: undefined } })).toEqual({ server: 'http://grading.example:8080', token: 'grader-token-0123456789', cohort: undefined });
  });

  it('takes the token and server from the settings when the flags are absent; a flag wins over a setting', () => {
    const settings = { server: 'http://from-settings:8080', token: 'token-from-the-settings' };
    expect(liveTarget({ values: {}, settings })).toEqual({ server: 'http://from-settings:8080', token: 'token-from-the-settings', cohort: undefined });
    expect(liveTarget({ values: { token: 'token-from-the-flag-0' }, settings }).token).toBe('token-from-the-flag-0');
    expect(() => liveTarget({ values: {}, settings: { server: 'http://x', token: undefined } })).toThrow(/OPSLAB_TOKEN/);
  });

  it('refuses what belongs to the other form, and a token too short to be one without echoing it', () => {
    expect(problem(parseCommand(grade, ['--live', 'web-serve']))).toBe('grade --live takes no EXERCISE');
    expect(problem(parseCommand(grade, ['--live', '--submissions', 'd']))).toBe('--submissions: not with --live');
    expect(problem(parseCommand(grade, ['web-serve']))).toBe('missing --submissions DIR');
    expect(problem(parseCommand(grade, ['web-serve', '--submissions', 'd', '--token', 'grader-token-0123456789']))).toBe('--token: only with --live');
    const short = problem(parseCommand(grade, ['--live', '--token', 'hunter2']));
    expect(short).toBe('--token: expected a bearer token of 16+ characters, got a value of 7 characters');
    expect(problem(parseCommand(grade, ['--live', '--server', 'ftp://x']))).toBe("--server: expected an http(s) URL, got 'ftp://x'");
  });
});

describe('values', () => {
  it('takes `--flag value` and `--flag=value` alike', () => {
    const a = values(parseCommand(grade, ['web-serve', '--submissions', 'subs', '--concurrency', '3']));
    const b = values(parseCommand(grade, ['web-serve', '--submissions=subs', '--concurrency=3']));
    expect(a).toEqual(b);
    expect(a.values).toMatchObject({ submissions: 'subs', concurrency: 3, live: false, json: false });
  });

  it.each([
    [selftest, ['--concurrency', 'abc'], "--concurrency: expected a whole number 1-64, got 'abc'"],
    [selftest, ['--concurrency', '0'], "--concurrency: expected a whole number 1-64, got '0'"],
    [selftest, ['--concurrency', '1.5'], "--concurrency: expected a whole number 1-64, got '1.5'"],
    [selftest, ['--concurrency', '1e3'], "--concurrency: expected a whole number 1-64, got '1e3'"],
    [selftest, ['--concurrency'], '--concurrency needs a value'],
    [selftest, ['--concurrency', '--json'], "--concurrency needs a value (one that starts with '-' is written --concurrency=-VALUE)"],
    [selftest, ['--json=yes'], '--json takes no value'],
    [selftest, ['--engine', 'kvm'], "--engine: expected one of auto, local, vm, got 'kvm'"],
    [serve, ['--port', '70000'], "--port: expected a whole number 1-65535, got '70000'"],
    [serve, ['--bogus'], "unknown option '--bogus'"],
    [serve, ['-x'], "unknown option '-x'"],
    [serve, ['extra'], "unexpected argument 'extra' (it takes none)"],
    [serve, ['--port', '\u001b[31m'], "--port: expected a whole number 1-65535, got '\\x1b[31m'"],
  ] as const)('%#: refuses %j', (command, argv, message) => {
    expect(problem(parseCommand(command, argv))).toBe(message);
  });

  it('takes in a flag that stands for a setting exactly what the setting takes (one schema for both)', () => {
    // `serve --host` once had a copy of OPSLAB_HOST's rule, and the two drifted apart.
    for (const host of ['[::1]', '127.0.0.1', 'labs.example.org']) {
      expect(values(parseCommand(serve, ['--host', host])).values.host).toBe(host);
      expect(parseSettings({ OPSLAB_HOST: host }).host).toBe(host);
    }
    expect(problem(parseCommand(serve, ['--host', 'a b']))).toMatch(/^--host: expected /);
    expect(() => parseSettings({ OPSLAB_HOST: 'a b' })).toThrow(/^OPSLAB_HOST: expected /);
    expect(values(parseCommand(grade, ['--live', '--server', 'http://h:1/'])).values.server).toBe(parseSettings({ OPSLAB_SERVER: 'http://h:1/' }).server);
  });

  it('gives the defaults and the parsed values their types', () => {
    expect(values(parseCommand(selftest, [])).values).toMatchObject({ concurrency: 2, json: false, verbose: false, engine: undefined });
    expect(values(parseCommand(selftest, ['-v', 'a', 'b'])).positionals).toEqual(['a', 'b']);
    expect(values(parseCommand(vm, ['boot', '--memory=1024', '--accel', 'tcg'])).values).toMatchObject({ memory: 1024, accel: 'tcg', debug: false });
  });

  it('counts positionals: required, optional, variadic', () => {
    expect(problem(parseCommand(lab, ['up']))).toBe('missing EXERCISE');
    expect(problem(parseCommand(lab, ['up', 'a', 'b']))).toBe("unexpected argument 'b'");
    expect(problem(parseCommand(lab, ['down']))).toBe('missing LAB');
    expect(values(parseCommand(lab, ['down', 'l1', 'l2'])).positionals).toEqual(['l1', 'l2']);
    // After `--`, `--help` is an argument like any other.
    expect(values(parseCommand(lab, ['down', '--', '--help'])).positionals).toEqual(['--help']);
  });
});

describe('help and subcommands', () => {
  it('--help or -h anywhere on the line wins over every other mistake', () => {
    for (const argv of [['--help'], ['-h'], ['--bogus', '--help'], ['--concurrency', 'abc', '-h'], ['x', 'y', 'z', '--help']]) {
      expect(parseCommand(selftest, argv).kind).toBe('help');
    }
    const up = parseCommand(lab, ['up', '--help']);
    expect(up.kind === 'help' && up.command.name).toBe('lab up');
  });

  it('a group wants a known subcommand', () => {
    expect(problem(parseCommand(lab, []))).toBe('missing a subcommand (up, down, ls, gc, exec, view, capture, fault)');
    expect(problem(parseCommand(lab, ['list']))).toBe("unknown subcommand 'list' (up, down, ls, gc, exec, view, capture, fault)");
    expect(parseCommand(lab, ['--help']).kind).toBe('help');
  });
});

describe('usage made from the declaration', () => {
  it('names the command and every option it declares, for every command', async () => {
    const leaves = (await allCommands()).flatMap((c) => (c.kind === 'group' ? c.subcommands : [c]));
    for (const leaf of leaves) {
      const usage = usageOf(leaf);
      expect(usage).toMatch(new RegExp(`^usage: opslab ${leaf.name} `));
      if (leaf.kind !== 'leaf') continue;
      for (const name of [...Object.keys(leaf.options), 'help']) expect(usage, `${leaf.name} --${name}`).toContain(`--${name}`);
      for (const p of leaf.positionals ?? []) expect(usage).toContain(p.name);
      // Every option parses, and nothing else does.
      expect(parseCommand(leaf, ['--not-declared']).kind).toBe('error');
    }
  });

  it('shows defaults and what a value must be', () => {
    const usage = usageOf(selftest);
    expect(usage).toMatch(/--concurrency N +exercises at a time \(default 2; a whole number 1-64\)/);
    expect(usage).toMatch(/-v, --verbose/);
    expect(usage).toContain('usage: opslab selftest [options] [EXERCISE...]');
  });

  it('refuses a usage form that names an option the command does not declare', () => {
    const declare = (forms: string[]) => () =>
      defineCommand({ name: 't', summary: 's', forms, options: { mode: { type: 'string', value: 'M', kind: oneOf(['a']), description: 'd' }, n: { type: 'string', value: 'N', kind: wholeNumber(1, 2), description: 'd' } }, run: async () => 0 });
    expect(declare(['--mode M [--n N]'])).not.toThrow();
    expect(declare(['--mode M [--count N]'])).toThrow(/--count/);
  });
});
