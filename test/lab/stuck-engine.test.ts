// The lab runtime against a Docker Engine API that takes every request and never answers: a FAKE
// engine at the HTTP boundary (a unix socket that reads and says nothing), standing for a wedged
// daemon or a guest under emulation that stopped scheduling it. Every call the runtime makes must
// end in ENGINE_DOWN within its deadline; none may leave its caller waiting for ever.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerRuntime } from '../../server/lab/docker-runtime.js';
import type { LabRuntime } from '../../server/lab/runtime.js';
import { DEFAULT_LIMITS } from '../../server/lab/runtime.js';

describe('the lab runtime on an engine that stops answering (fake engine: a socket that never replies)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'opslab-stuck-'));
  const socketPath = path.join(dir, 'docker.sock');
  const held: Socket[] = [];
  let server: Server;
  let runtime: LabRuntime;
  const requests: string[] = [];
  /** What the runtime told the engine (an engine that can be replaced dies when told it is stuck). */
  const told: string[] = [];

  beforeAll(async () => {
    server = createServer((socket) => {
      held.push(socket);
      socket.on('data', (d) => requests.push(d.toString('latin1').split('\r\n')[0]!));
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    runtime = dockerRuntime({ docker: new Dockerode({ socketPath }), kind: 'vm', stuck: (why) => told.push(why) }, { callDeadlineMs: 300 });
  });
  afterAll(() => {
    for (const s of held) s.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const host = { name: 'rs1', containerId: 'c0ffee' };
  // Whether the call, stuck, tells the engine: creating, listing and removing a lab's parts are what a
  // working engine always finishes; a disk measure or a shell may be slow for their own reasons.
  const calls: [string, boolean, () => Promise<unknown>][] = [
    ['createNetwork', true, () => runtime.createNetwork({ name: 'opslab-x-lan', subnet: '10.9.0.0/24', gateway: '10.9.0.1', labels: {} })],
    ['createHost', true, () => runtime.createHost({ name: 'opslab-x-rs1', hostname: 'rs1', image: 'opslab/lab', env: {}, extraHosts: [], networks: [], labels: {}, limits: DEFAULT_LIMITS })],
    ['listManaged', true, () => runtime.listManaged({ instance: 'x' })],
    ['removeLab', true, () => runtime.removeLab({ instance: 'x', lab: 'lab1' })],
    ['subnetsInUse', true, () => runtime.subnetsInUse()],
    ['diskUsage', false, () => runtime.diskUsage({ host, stopAt: { bytes: 1, inodes: 1 } })],
    ['openShell', false, () => runtime.openShell({ host, env: {}, size: { cols: 80, rows: 24 } })],
  ];

  it.each(calls)('%s ends in ENGINE_DOWN within its deadline (tells the engine it is stuck: %s)', async (name, tells, call) => {
    const before = requests.length;
    const toldBefore = told.length;
    const t0 = Date.now();
    const err = await call().then(() => undefined, (e: unknown) => e);
    const took = Date.now() - t0;
    expect(requests.length, `${name} reached the fake engine`).toBeGreaterThan(before);
    expect(err, `${name} returned although the engine never answered`).toMatchObject({ code: 'ENGINE_DOWN' });
    expect((err as Error).message).toMatch(/stuck: the vm engine .* did not finish within 0\.3 s/);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(3000);
    expect(told.length - toldBefore, `${name} told the engine it is stuck`).toBe(tells ? 1 : 0);
    if (tells) expect(told.at(-1)).toMatch(/did not finish within 0\.3 s/);
  });
});
