// The disk guard's measure through the Engine API (vm and remote engines: server/lab/docker-runtime.ts)
// counts a host's files from the engine's list of its changes. That list is the learner's to make
// as long as they like (a few hundred thousand files under 4 KiB paths between two rounds of the
// guard is a gigabyte of JSON), so it must be counted as it comes and dropped past the quota, never
// buffered whole and parsed. A fake Docker API (a boundary fake: an HTTP server on a unix socket
// that answers the four calls the measure makes) streams a list far longer than the quota and
// counts what the client read before it hung up.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerRuntime } from '../../server/lab/docker-runtime.js';

const ENTRY_PATH = `/root/${'d'.repeat(200)}/${'e'.repeat(200)}/file`;

/** A fake Engine API whose container lists `entries` changes (streamed lazily); `sent` counts the bytes written. */
function fakeEngine(entries: number): { server: Server; socketPath: string; sent: () => number; finished: () => boolean } {
  const socketPath = path.join(mkdtempSync(path.join(tmpdir(), 'opslab-fake-docker-')), 'docker.sock');
  let sent = 0;
  let finished = false;
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.includes('/json')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ Id: 'c1', SizeRw: 1000 }));
    } else if (url.includes('/changes')) {
      res.setHeader('content-type', 'application/json');
      let i = 0;
      const pump = () => {
        while (i < entries) {
          // A quote in a path is escaped by the engine's encoder: it cannot end the string early.
          const chunk = `${i === 0 ? '[' : ','}${JSON.stringify({ Path: `${ENTRY_PATH}${i}"Kind":1`, Kind: 1 })}`;
          i++;
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end(']');
        finished = true;
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    } else if (url.includes('/archive')) {
      const stat = Buffer.from(JSON.stringify({ name: 'hosts', size: 10, mode: 420, mtime: '2020-01-01T00:00:00Z', linkTarget: '' })).toString('base64');
      res.writeHead(200, { 'x-docker-container-path-stat': stat });
      res.end();
    } else {
      res.writeHead(404).end('{"message":"not here"}');
    }
  });
  return { server, socketPath, sent: () => sent, finished: () => finished };
}

describe('measuring a host through the Engine API', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));
  /** The fake engine listing `entries` changes, listening, and a remote runtime's measure of host web on it. */
  const measure = async (entries: number) => {
    const fake = fakeEngine(entries);
    server = fake.server;
    await new Promise<void>((r) => fake.server.listen(fake.socketPath, r));
    const runtime = dockerRuntime({ docker: new Dockerode({ socketPath: fake.socketPath }), kind: 'remote' });
    const use = await runtime.diskUsage({ host: { name: 'web', containerId: 'c1' } as never, stopAt: { bytes: 1e12, inodes: 1000 } });
    return { fake, use };
  };

  it('counts the list of changes as it comes and stops reading past the quota (a list of 400 000 files, ~170 MB)', async () => {
    const { fake, use } = await measure(400_000);
    expect(use.unmeasurable).toBeUndefined();
    expect(use.inodes).toBeGreaterThan(1000);
    expect(use.inodes).toBeLessThan(1000 + 2000); // what arrived with the chunk that crossed the quota
    expect(fake.finished()).toBe(false);
    expect(fake.sent()).toBeLessThan(20 * 1024 * 1024); // the rest was never asked for
  });

  it('counts every entry of a list within the quota, and none of a path that spells a key', async () => {
    const { use } = await measure(700);
    expect(use.inodes).toBe(700);
    expect(use.parts['writable layer']).toBe(1000);
    expect(use.parts['/etc/hosts']).toBe(10);
  });
});
