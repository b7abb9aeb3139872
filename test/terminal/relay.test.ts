// The relay between servers of a cluster (terminal/relay.ts): the signature, a holder that answers
// no (believed, not taken over), and a client that leaves before the holder answered (the upstream
// goes with it instead of idling on the holder for ever).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { RelayRefused, relayTerminal, signRelay, verifyRelay } from '../../server/terminal/relay.js';

const SECRET = 'relay-test-secret-0123456789abcdef0123';
const PATH = '/api/labs/lab-1/hosts/web/terminal';

describe('the terminal relay', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });
  /** A holder whose upgrades wait `delayMs` and then are accepted, or answered with `status`. */
  const holder = async (props: { delayMs?: number; status?: number }) => {
    const http: Server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    const sockets: WebSocket[] = [];
    const ended = { count: 0 };
    http.on('upgrade', (req, socket, head) => {
      socket.on('close', () => ended.count++);
      setTimeout(() => {
        if (props.status) {
          socket.end(`HTTP/1.1 ${props.status} No\r\nContent-Length: 0\r\n\r\n`);
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => sockets.push(ws));
      }, props.delayMs ?? 0);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    closers.push(() => {
      for (const ws of sockets) ws.terminate();
      http.close();
    });
    return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}${PATH}`, sockets, ended };
  };
  /** A client socket as the relaying server has it (the other end of a real connection). */
  const clientPair = async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const accepted = new Promise<WebSocket>((r) => wss.once('connection', (ws) => r(ws)));
    const browser = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const [server] = await Promise.all([accepted, new Promise((r) => browser.once('open', r))]);
    server.pause();
    closers.push(() => {
      browser.terminate();
      http.close();
    });
    return { browser, server };
  };

  it('signs for one server and one path, and refuses another path, a changed byte or an old signature', () => {
    const value = signRelay({ secret: SECRET, server: 'b', path: PATH });
    expect(verifyRelay({ secret: SECRET, value, path: PATH })).toBe('b');
    expect(verifyRelay({ secret: SECRET, value, path: '/api/labs/lab-2/hosts/web/terminal' })).toBeUndefined();
    expect(verifyRelay({ secret: 'another-secret-0123456789abcdef01234', value, path: PATH })).toBeUndefined();
    expect(verifyRelay({ secret: SECRET, value: value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), path: PATH })).toBeUndefined();
    expect(verifyRelay({ secret: SECRET, value: signRelay({ secret: SECRET, server: 'b', path: PATH, now: Date.now() - 120_000 }), path: PATH })).toBeUndefined();
  });

  it('rejects with RelayRefused when the holder answers no (it is alive: nothing is taken over)', async () => {
    const h = await holder({ status: 429 });
    const { server } = await clientPair();
    await expect(relayTerminal({ client: server, url: h.url, headers: {} })).rejects.toBeInstanceOf(RelayRefused);
  });

  it('passes frames both ways once open, and ends the upstream when a client left before the holder answered', async () => {
    const h = await holder({});
    const { browser, server } = await clientPair();
    await relayTerminal({ client: server, url: h.url, headers: {} });
    const echoed = new Promise<string>((r) => browser.once('message', (d) => r(d.toString())));
    h.sockets[0]!.on('message', (d) => h.sockets[0]!.send(`echo ${d.toString()}`));
    browser.send('hi');
    expect(await echoed).toBe('echo hi');

    const slow = await holder({ delayMs: 300 });
    const pair = await clientPair();
    const relayed = relayTerminal({ client: pair.server, url: slow.url, headers: {} }).catch(() => {});
    pair.browser.terminate(); // the learner's network went: no closing handshake
    await relayed;
    await new Promise((r) => setTimeout(r, 500));
    // The holder's side of the connection ended: no shell attached to nobody, waiting for its idle timeout.
    expect(slow.ended.count).toBe(1);
    expect(slow.sockets.every((s) => s.readyState === WebSocket.CLOSED)).toBe(true);
  });
});
