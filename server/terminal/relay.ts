// Terminals from any server: a learner's shell lives in the server that opened it (its terminal
// hub: the docker exec, the headless screen). A websocket that lands on another server of the
// cluster is relayed to that one, frame for frame, so it is the same shell (same history, same
// screen). The store says who holds each (lab, host, learner); a holder that is gone (no heartbeat,
// or it does not answer) is taken over: a new shell here, the lab untouched, only the screen lost.
// Servers trust a relayed connection by a header signed with the cluster's shared secret; the
// learner's own cookie rides along, so the holder checks ownership as for any client.
import { createHmac, timingSafeEqual } from 'node:crypto';
import WebSocket from 'ws';
import type { ClusterStore } from '../store/types.js';
import { OpslabError } from '../errors.js';
import { CLOSE } from './protocol.js';

/** The header a relaying server signs: `<server>.<ms>.<hmac>`. */
export const RELAY_HEADER = 'x-opslab-relay';
/** Bytes a relayed socket may have waiting to be sent before its sender is paused. */
const RELAY_HIGH_WATER = 1024 * 1024;
/** A signature older than this is refused (a replayed header is worth nothing after it). */
const RELAY_MAX_AGE_MS = 60_000;

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(`opslab-relay\n${text}`).digest('base64url');

/** The header value by which `server` relays a connection to terminal `path`. */
export function signRelay(props: { secret: string; server: string; path: string; now?: number }): string {
  const ms = props.now ?? Date.now();
  return `${props.server}.${ms}.${mac(props.secret, `${props.server}\n${ms}\n${props.path}`)}`;
}

/** The relaying server's name when `value` is a fresh signature for `path`, else undefined. */
export function verifyRelay(props: { secret: string; value: string | string[] | undefined; path: string; now?: number }): string | undefined {
  const { value } = props;
  if (typeof value !== 'string' || value.length > 300) return undefined;
  const m = /^([A-Za-z0-9._-]{1,64})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return undefined;
  const [, server, ms, sig] = m as unknown as [string, string, string, string];
  const age = (props.now ?? Date.now()) - Number(ms);
  if (age > RELAY_MAX_AGE_MS || age < -RELAY_MAX_AGE_MS) return undefined;
  const want = Buffer.from(mac(props.secret, `${server}\n${ms}\n${props.path}`));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? server : undefined;
}

/** Who holds a terminal among servers sharing a store, and this server's part in it. */
export interface TerminalCluster {
  /** This server's name. */
  server: string;
  /** The cluster's shared secret (OPSLAB_SECRET), which signs relayed connections. */
  secret: string;
  /**
   * The holder of (lab, host, learner)'s terminal, after checking the learner owns the lab: this
   * server when nobody alive holds it (or with `force`: the holder did not answer).
   */
  claim(props: { lab: string; host: string; learner: string; force?: boolean }): Promise<{ server: string; url?: string }>;
  /** This server's session of it ended. */
  release(props: { lab: string; host: string; learner: string }): Promise<void>;
}

/** The cluster of a lab manager sharing `store` (lab/shared.ts). */
export function terminalCluster(props: {
  labs: { server: string; owned(id: string, learner: string): Promise<{ hosts: { name: string }[] }>; isAlive(server: string): boolean; urlOf(server: string): string | undefined };
  store: { claimTerminal: ClusterStore['claimTerminal']; releaseTerminal: ClusterStore['releaseTerminal'] };
  secret: string;
}): TerminalCluster {
  const { labs, store } = props;
  return {
    server: labs.server,
    secret: props.secret,
    async claim({ lab, host, learner, force }) {
      // The learner's own lab and one of its hosts: nothing else gets a row.
      const mine = await labs.owned(lab, learner);
      if (!mine.hosts.some((h) => h.name === host)) throw new OpslabError('HOST_NOT_FOUND', `Lab ${lab} has no host '${host}'.`);
      const server = await store.claimTerminal({ lab, host, learner, server: labs.server, alive: (s) => labs.isAlive(s), force });
      return { server, url: server === labs.server ? undefined : labs.urlOf(server) };
    },
    release: ({ lab, host, learner }) => store.releaseTerminal({ lab, host, learner, server: labs.server }),
  };
}

/** Close codes a websocket may send (1005, 1006 and 1015 are only reported, never sent). */
const sendable = (code: number) => (code >= 3000 && code <= 4999) || [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014].includes(code);

/** The holder answered, but refused the connection (HTTP status): it is alive, so nothing is taken over. */
export class RelayRefused extends Error {
  constructor(readonly status: number) {
    super(`the server holding this terminal refused it (${status})`);
  }
}

/**
 * Relays `client` to the terminal at `url` (the holding server's): resolves once the holder
 * accepted (from then on frames pass both ways until either side closes); rejects with
 * RelayRefused when the holder answered no, with another error when it cannot be reached (the
 * caller takes the terminal over). `client` is paused until then.
 */
export function relayTerminal(props: { client: WebSocket; url: string; headers: Record<string, string>; openTimeoutMs?: number }): Promise<void> {
  const { client } = props;
  return new Promise((resolve, reject) => {
    const upstream = new WebSocket(props.url, { headers: props.headers, handshakeTimeout: props.openTimeoutMs ?? 5000, perMessageDeflate: false });
    let open = false;
    // A client gone before the holder answered takes the upstream with it (else it idles there for ever).
    const clientGone = () => upstream.terminate();
    client.once('close', clientGone);
    // 'on', not 'once': a terminated upstream may report more than one error, and one unheard crashes the process.
    upstream.on('error', (e) => {
      if (!open) reject(e);
      else if (client.readyState === client.OPEN) client.close(CLOSE.GOING_AWAY, 'the server holding this terminal went away');
    });
    upstream.once('unexpected-response', (_req, res) => {
      upstream.terminate();
      reject(new RelayRefused(res.statusCode ?? 0));
    });
    upstream.once('open', () => {
      open = true;
      client.off('close', clientGone);
      // Each way, a reader that falls behind pauses the other side until its buffer drains: the
      // relay never holds more than about one high-water mark per direction (the protocol's own
      // PAUSE and ACK frames pass through as well).
      const pipe = (from: WebSocket, to: WebSocket) =>
        from.on('message', (data: WebSocket.RawData, binary: boolean) => {
          if (to.readyState !== to.OPEN) return;
          to.send(data, { binary }, () => {
            if (to.bufferedAmount < RELAY_HIGH_WATER / 2) from.resume();
          });
          if (to.bufferedAmount >= RELAY_HIGH_WATER) from.pause();
        });
      pipe(upstream, client);
      pipe(client, upstream);
      upstream.once('close', (code, reason) => {
        if (client.readyState === client.OPEN) client.close(sendable(code) ? code : CLOSE.GOING_AWAY, reason.toString().slice(0, 120));
      });
      client.once('close', (code, reason) => {
        if (upstream.readyState === upstream.OPEN || upstream.readyState === upstream.CONNECTING) upstream.close(sendable(code) ? code : 1000, reason.toString().slice(0, 120));
      });
      client.resume();
      resolve();
    });
  });
}
