// The engine pool (engine/fleet.ts): OPSLAB_ENGINES parsed with errors that say which entry, and
// the liveness that decides where labs may go. The Docker engines here are fakes at the boundary:
// a unix socket answering Docker's /_ping, which is all liveness asks (features are not asked:
// the candidates below need none).
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineFleet, parseEngineSpecs } from '../../server/engine/fleet.js';

describe('OPSLAB_ENGINES', () => {
  it('reads names, targets and caps', () => {
    expect(parseEngineSpecs('a=local?labs=40&memory=16384;b=tcp://lab2:2376?tls=/etc/opslab/b&pool=10.124.0.0/16  v=vm')).toEqual([
      { id: 'a', target: 'local', capacity: { labs: 40, memoryMiB: 16384 } },
      { id: 'b', target: 'tcp://lab2:2376', capacity: {}, tls: '/etc/opslab/b', pool: '10.124.0.0/16' },
      { id: 'v', target: 'vm', capacity: {} },
    ]);
  });
  it.each([
    ['a=local a=vm', "engine name 'a' is given twice"],
    ['A=local', "engine name 'A'"],
    ['a=http://x', "target 'http://x'"],
    ['a=local?labs=0', 'labs=0 is not a whole number'],
    ['a=local?pool=10.1.0.0/30', 'pool=10.1.0.0/30'],
    ['a=local?tls=/x', 'tls= is for tcp:// engines'],
    ['a=local?color=red', "unknown option 'color'"],
    ['  ', 'no engine given'],
  ])('refuses %j, saying %s', (text, says) => {
    expect(() => parseEngineSpecs(text)).toThrow(says);
  });
});

describe('the engine fleet', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });
  /** A fake Docker engine on a unix socket: /_ping answers OK while it listens. */
  const fakeDocker = async (socket: string) => {
    const server = createServer((req, res) => {
      res.writeHead(req.url?.endsWith('/_ping') ? 200 : 404, { 'content-type': 'text/plain' });
      res.end('OK');
    });
    await new Promise<void>((r) => server.listen(socket, r));
    servers.push(server);
    return server;
  };

  it('places nothing on an engine that never answered, fails one that stops answering twice, and brings it back as a new engine', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opslab-fleet-'));
    const [a, b] = [path.join(dir, 'a.sock'), path.join(dir, 'b.sock')];
    const up = await fakeDocker(a);
    const fleet = engineFleet({ specs: parseEngineSpecs(`a=unix://${a} b=unix://${b}`), pingEveryMs: 3_600_000 });
    try {
      await fleet.checkLiveness();
      expect((await fleet.candidates([])).map((e) => e.id)).toEqual(['a']);
      const first = fleet.byId('a')!;
      const deaths: string[] = [];
      first.onDeath?.((why) => deaths.push(why));
      await new Promise<void>((r) => up.close(() => r()));
      await fleet.checkLiveness();
      expect(deaths).toEqual([]); // one missed ping is not death
      await fleet.checkLiveness();
      expect(deaths).toHaveLength(1);
      expect(first.isDown?.()).toBe(true);
      await expect(fleet.candidates([])).rejects.toMatchObject({ code: 'ENGINE_DOWN' });
      await fakeDocker(a);
      await fleet.checkLiveness();
      const again = fleet.byId('a')!;
      expect(again).not.toBe(first); // labs of the dead one stay failed
      expect(again.isDown?.()).toBe(false);
      expect((await fleet.candidates([])).map((e) => e.id)).toEqual(['a']);
    } finally {
      await fleet.close();
    }
  });
});
