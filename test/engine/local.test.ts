import { describe, expect, it } from 'vitest';
import { connectEngine } from '../../server/engine/connect.js';
import { dockerFor } from '../../server/engine/docker.js';
import { createLocalEngine, ensureLocalEngine } from '../../server/engine/local.js';
import { engineFacts } from '../../server/engine/probe.js';
import { isOpslabError } from '../../server/errors.js';

describe('local engine', () => {
  it('ensureLocalEngine is idempotent and leaves an engine that answers', async () => {
    const first = await ensureLocalEngine();
    const started = performance.now();
    const second = await ensureLocalEngine();
    expect(second).toEqual({ endpoint: first.endpoint, started: false });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await createLocalEngine().ping()).toBe(true);
  });

  it('connectEngine("local") returns an Engine on the local socket', async () => {
    const engine = await connectEngine('local');
    expect(engine.kind).toBe(process.env.DOCKER_HOST ? expect.any(String) : 'local');
    expect(engine.description).toMatch(/docker\.sock|DOCKER_HOST|remote/);
    expect(await engine.ping()).toBe(true);
    const facts = await engineFacts(engine.docker);
    expect(facts.version).toMatch(/^\d+\./);
    await engine.close();
  });

  it('the engine opslab runs has userns-remap on', async () => {
    // opslab starts dockerd with --userns-remap=default; CI uses that engine.
    const facts = await engineFacts(createLocalEngine().docker);
    expect(facts.userns).toBe(true);
  });

  it('connectEngine("remote") without DOCKER_HOST says what it needs', async () => {
    const saved = process.env.DOCKER_HOST;
    delete process.env.DOCKER_HOST;
    try {
      const err = await connectEngine('remote').catch((e: unknown) => e);
      expect(isOpslabError(err, 'ENGINE_DOWN')).toBe(true);
      expect((err as Error).message).toContain('DOCKER_HOST');
    } finally {
      if (saved !== undefined) process.env.DOCKER_HOST = saved;
    }
  });

  it('a remote engine that does not answer is ENGINE_DOWN with the fix', async () => {
    const err = await connectEngine('remote', { dockerHost: 'tcp://127.0.0.1:1' }).catch((e: unknown) => e);
    expect(isOpslabError(err, 'ENGINE_DOWN')).toBe(true);
    expect((err as Error).message).toContain('tcp://127.0.0.1:1');
  });

  it('dockerFor reads unix, tcp and ssh endpoints', () => {
    type Modem = { socketPath?: string; host?: string; port?: string | number; protocol?: string; username?: string };
    const modem = (host: string) => dockerFor({ dockerHost: host }).modem as unknown as Modem;
    expect(modem('unix:///tmp/x.sock').socketPath).toBe('/tmp/x.sock');
    const tcp = modem('tcp://10.0.0.5:2375');
    expect([tcp.host, String(tcp.port), tcp.protocol]).toEqual(['10.0.0.5', '2375', 'http']);
    const ssh = modem('ssh://ops@lab.example');
    expect([ssh.host, ssh.protocol, ssh.username]).toEqual(['lab.example', 'ssh', 'ops']);
  });
});
