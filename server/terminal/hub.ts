// All terminal sessions of a server, one per (lab, host, learner). A connection joins the
// session's shell or starts one; sessions end when their lab is destroyed or reset, after
// idling without a client, and when the hub closes.
import type { WebSocket } from 'ws';
import { OpslabError } from '../errors.js';
import type { LabManager } from '../lab/manager.js';
import type { Lab, LabHost } from '../lab/types.js';
import { CLOSE, clampSize, type Size } from './protocol.js';
import { Screen } from './screen.js';
import { TerminalSession } from './session.js';
import { openShell } from './shell.js';

/** What the hub needs of the lab manager (a bench may wrap it). */
export type LabDirectory = Pick<LabManager, 'owned' | 'find' | 'peek' | 'touch' | 'on' | 'off'>;

export interface TerminalHubOptions {
  labs: LabDirectory;
  /** End a session after this long without a client (30 minutes). */
  idleMs?: number;
  /** A session ended (servers sharing a store: it is no longer this one's to relay to). */
  onSessionEnd?: (props: { lab: string; host: string; learner: string }) => void;
}

export interface ConnectProps {
  labId: string;
  host: string;
  learner: string;
  socket: WebSocket;
  /** Size of a new shell (a joining client sends RESIZE instead); 80×24 by default. */
  size?: Partial<Size>;
}

interface Entry {
  labId: string;
  session: TerminalSession;
}

export class TerminalHub {
  private readonly sessions = new Map<string, Entry>();
  private readonly opening = new Map<string, Promise<TerminalSession>>();
  private closed = false;
  private readonly onGone = (labId: string) => this.endLab(labId);

  constructor(private readonly opts: TerminalHubOptions) {
    opts.labs.on('gone', this.onGone);
  }

  /** Sessions alive (for health and tests). */
  get size(): number {
    return this.sessions.size;
  }

  /** Attach `socket` to the learner's shell on that host; throws OpslabError when it cannot be had. */
  async connect(props: ConnectProps): Promise<void> {
    if (this.closed) throw new OpslabError('ENGINE_DOWN', 'The server is shutting down.');
    const lab = await this.opts.labs.owned(props.labId, props.learner);
    if (lab.state !== 'ready') throw new OpslabError('LAB_NOT_READY', `The lab is ${lab.state}; open the terminal when it is ready.`);
    const host = lab.hosts.find((h) => h.name === props.host);
    if (!host) throw new OpslabError('HOST_NOT_FOUND', `Lab ${lab.id} has no host '${props.host}'.`);
    this.opts.labs.touch(lab.id);

    const key = JSON.stringify([lab.id, host.name, props.learner]);
    await this.opening.get(key)?.catch(() => undefined); // a connection racing ours opens the shell
    const existing = this.sessions.get(key)?.session;
    if (existing) return existing.attach(props.socket);

    const size = clampSize({ cols: props.size?.cols ?? 80, rows: props.size?.rows ?? 24 });
    const opening = this.open({ lab, host, key, size });
    this.opening.set(key, opening);
    try {
      const session = await opening;
      // A reset gives the host a new container; a destroy removes the lab: either may happen while we waited.
      const now = await this.opts.labs.find(lab.id);
      const same = now?.state === 'ready' && now.hosts.some((h) => h.containerId === host.containerId);
      if (this.closed || !same) {
        await session.end({ code: CLOSE.GONE, hangup: true });
        if (this.closed) throw new OpslabError('ENGINE_DOWN', 'The server is shutting down.');
        throw new OpslabError('LAB_NOT_READY', 'The lab was reset or destroyed while the terminal opened.');
      }
      this.sessions.set(key, { labId: lab.id, session });
      return session.attach(props.socket);
    } finally {
      if (this.opening.get(key) === opening) this.opening.delete(key);
    }
  }

  /** End every session and hang their shells up (a server shutting down). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.opts.labs.off('gone', this.onGone);
    await Promise.allSettled(this.opening.values());
    const ends = [...this.sessions.values()].map((e) => e.session.end({ code: CLOSE.GOING_AWAY, reason: 'server shutting down', hangup: true }));
    await Promise.race([Promise.allSettled(ends), new Promise((r) => setTimeout(r, 5000).unref())]);
  }

  private async open(props: { lab: Lab; host: LabHost; key: string; size: Size }): Promise<TerminalSession> {
    const labId = props.lab.id;
    const shell = await openShell({ lab: props.lab, host: props.host, size: props.size });
    const session: TerminalSession = new TerminalSession({
      shell,
      screen: new Screen(props.size),
      idleMs: this.opts.idleMs ?? 30 * 60_000,
      onActivity: () => this.opts.labs.touch(labId),
      onEnd: () => {
        if (this.sessions.get(props.key)?.session !== session) return;
        this.sessions.delete(props.key);
        const [lab, host, learner] = JSON.parse(props.key) as [string, string, string];
        this.opts.onSessionEnd?.({ lab, host, learner });
      },
    });
    return session;
  }

  private endLab(labId: string): void {
    const lab = this.opts.labs.peek(labId);
    const error = lab?.state === 'starting'
      ? { code: 'LAB_BUSY', message: 'The lab is being reset; open the terminal again when it is ready.' }
      : { code: 'LAB_NOT_FOUND', message: 'The lab was destroyed.' };
    for (const entry of this.sessions.values()) {
      if (entry.labId === labId) void entry.session.end({ code: CLOSE.GONE, reason: 'lab destroyed or reset', error, hangup: false });
    }
  }
}
