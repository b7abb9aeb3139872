import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseSettings, SETTING_NAMES, settingsTable } from '../../server/config.js';

describe('settings', () => {
  it('gives every default when nothing is set (the values the code had before the schema)', () => {
    const { tokens, ...s } = parseSettings({});
    expect(tokens.size).toBe(0);
    expect(s).toEqual({
      host: '127.0.0.1', port: 8080, publicUrls: undefined, trustProxy: false, dataDir: path.resolve('.opslab'), databaseUrl: undefined,
      curriculumDir: path.resolve('curricula'), webDir: path.resolve('web/dist'), engine: 'auto', secret: undefined,
      idleMinutes: 60, maxLabs: 100, maxLabsPerLearner: 3, maxLabsPerAddress: 20, rateAddressFactor: 10, labDiskMiB: 1024, labInodes: 65536,
      engines: undefined, serverId: undefined, advertiseUrl: undefined,
      pool: '10.123.0.0/16', instance: 'default', watch: false, logLevel: 'info', debug: false, cacheDir: '/var/cache/opslab',
      debianMirror: 'http://deb.debian.org/debian', vmMemoryMiB: 2048, vmLabMemoryMiB: 384, vmCpus: undefined, vmSnapshots: true,
      warmLabs: { vm: 1, local: 0, exercises: {} }, warmMemoryMiB: 1536,
      server: 'http://127.0.0.1:8080', token: undefined, dockerHost: undefined, dockerTlsVerify: false, dockerCertPath: undefined,
    });
  });

  it('reads the forms people write: yes/on for flags, any DOCKER_TLS_VERIFY as on (as docker does), a URL with a path, [::1]', () => {
    const s = parseSettings({ OPSLAB_WATCH: 'yes', OPSLAB_DEBUG: 'On', DOCKER_TLS_VERIFY: '0', OPSLAB_PUBLIC_URL: 'https://labs.example.org/app/', OPSLAB_HOST: '[::1]', OPSLAB_POOL: '10.9.8.0/24' });
    expect([s.watch, s.debug, s.dockerTlsVerify, s.publicUrls, s.host, s.pool]).toEqual([true, true, true, ['https://labs.example.org/app/'], '[::1]', '10.9.8.0/24']);
    expect(parseSettings({ OPSLAB_WATCH: 'off' }).watch).toBe(false);
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
    ['OPSLAB_WATCH', 'maybe'],
    ['OPSLAB_PUBLIC_URL', 'https://labs.example.org:99999'],
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
        expect((e as Error).message).not.toContain(value!.slice(0, 4));
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
    // process.env, or the environment imported from node:process under any name.
    const hits = execFileSync('git', ['grep', '--untracked', '-n', '-E', "process\\.env|from 'node:process'|from 'process'", '--', 'server'], { encoding: 'utf8' })
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
