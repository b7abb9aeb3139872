// Flow control on the socket's own buffer (docs/terminal-protocol.md, "Flow control"): a client
// that ACKs but does not read its socket holds the shell's output with the server's send buffer
// bounded, and once it reads again the output comes back by itself (the server resumes when its
// sends complete, with no ACK or keystroke needed to wake it).
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import { ackFrame } from '../../server/terminal/protocol.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';
import { learnerCookie, TermClient, terminalApp } from './support.js';

describe('terminal flow control on the socket buffer', () => {
  let labs: LabManager;
  let app: FastifyInstance;
  let lab: Lab;
  let client: TermClient | undefined;

  beforeAll(async () => {
    const made = await testLabManager({ curriculumDir: LABS_COURSE });
    labs = made.labs;
    const { app: built, url } = await terminalApp({ labs, curriculum: made.curriculum });
    app = built;
    const cookie = await learnerCookie(app);
    const res = await app.inject({ method: 'POST', url: '/api/labs', headers: { cookie }, payload: { exercise: 'web-serve' } });
    lab = await labs.ready(res.json().id);
    client = new TermClient({ url: `${url}/api/labs/${lab.id}/hosts/client/terminal`, cookie, ack: false });
  });
  afterAll(async () => {
    client?.ws.terminate();
    await app?.close();
    await labs?.close({ destroyAll: true });
  });

  it('holds a flood for a client that ACKs without reading, and resumes by itself when it reads again', async () => {
    const t = client!;
    await t.opened;
    t.type('echo ready-$((3*3))\r');
    await t.waitFor('ready-9');
    const serverSide = [...app.websocketServer.clients][0]!;
    const socket = (t.ws as unknown as { _socket: Socket })._socket;
    socket.pause(); // the kernel's buffers fill, then the server's send buffer
    const acker = setInterval(() => t.ws.send(ackFrame(1024 * 1024)), 20); // the ACK window never stops it
    try {
      t.type('yes flooding-the-terminal | head -c 40000000; echo flood-$((5*5))\r');
      // Held: the server's send buffer stops growing, below the high-water mark (1 MiB) plus a chunk or two.
      let last = -1;
      await expect.poll(() => {
        const now = serverSide.bufferedAmount;
        const still = now > 0 && now === last;
        last = now;
        return still;
      }, { timeout: 20_000, interval: 1000 }).toBe(true);
      expect(serverSide.bufferedAmount).toBeLessThan(1024 * 1024 + 256 * 1024);
      expect(t.outputBytes).toBeLessThan(1024);

      socket.resume();
      await t.waitFor('flood-25', 60_000);
    } finally {
      clearInterval(acker);
    }
    await t.close();
  });
});
