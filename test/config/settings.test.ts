import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseSettings, SETTING_NAMES, settingsTable } from '../../server/config.js';

describe('settings', () => {
  it('gives every default when nothing is set', () => {
    const s = parseSettings({});
    expect([s.port, s.maxLabs, s.idleMinutes, s.labDiskMiB, s.engine, s.vmCpus]).toEqual([8080, 100, 60, 1024, 'auto', undefined]);
  });

  // Each of these used to become NaN (or a silent default) and switch a guard off.
  it.each([
    ['OPSLAB_MAX_LABS', 'abc'],
    ['OPSLAB_IDLE_MINUTES', 'NaN'],
    ['OPSLAB_LAB_DISK_MB', '-5'],
    ['OPSLAB_LAB_INODES', '1e6'],
    ['OPSLAB_PORT', '70000'],
    ['OPSLAB_MAX_LABS_PER_LEARNER', '0'],
    ['OPSLAB_VM_MEMORY_MIB', '2g'],
    ['OPSLAB_VM_CPUS', 'two'],
    ['OPSLAB_ENGINE', 'kvm'],
    ['OPSLAB_WATCH', 'yes'],
    ['OPSLAB_POOL', '10.0.0.0/30'],
    ['OPSLAB_PUBLIC_URL', 'labs.example.org'],
    ['OPSLAB_TRUST_PROXY', 'any;'],
    ['OPSLAB_LOG_LEVEL', 'loud'],
    ['OPSLAB_DATABASE_URL', 'mysql://x'],
    ['DOCKER_HOST', 'localhost:2375'],
  ])('%s=%s stops with a message naming it', (name, value) => {
    let err: unknown;
    try {
      parseSettings({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(new RegExp(`^${name}: expected .+, got `));
  });

  it('never prints a secret back', () => {
    for (const [name, value] of [['OPSLAB_SECRET', 'too-short-secret'], ['OPSLAB_TOKEN', 'short'], ['OPSLAB_TOKENS', 'hunter2hunter2:root:x']]) {
      expect(() => parseSettings({ [name!]: value })).toThrow(/got a value of \d+ characters/);
      try {
        parseSettings({ [name!]: value });
      } catch (e) {
        expect((e as Error).message).not.toContain(value!.slice(0, 8));
      }
    }
  });

  it('README.md has the configuration table made from the schema (run `opslab settings --markdown`)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.match(/<!-- settings -->\n([\s\S]*?)<!-- \/settings -->/)?.[1];
    expect(table).toBe(settingsTable());
    for (const name of SETTING_NAMES) expect(table).toContain(`\`${name}\``);
  });

  it('no file in server/ but config.ts reads process.env', () => {
    // git grep: tracked files as they are in the working tree.
    const hits = execFileSync('git', ['grep', '--untracked', '-n', 'process\\.env', '--', 'server'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l && !l.startsWith('server/config.ts:'));
    expect(hits).toEqual([]);
  });
});

describe('several bad settings', () => {
  it('are all named in one error', () => {
    expect(() => parseSettings({ OPSLAB_PORT: 'x', OPSLAB_MAX_LABS: 'y' })).toThrow(/^OPSLAB_PORT: expected .*\nOPSLAB_MAX_LABS: expected /);
  });
});
