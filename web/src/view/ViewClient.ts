// The browser side of a lab's live view: it owns the EventSource on /view/events (the server
// collects only while someone watches, so this is open only while the View tab is shown), takes
// every `view` event, and on `gone` (the lab was reset or destroyed) closes, tells the page, and
// tries again later, when the lab may be ready again. A stream the server refuses (EventSource
// cannot read the answer) is asked once as GET /view, whose error JSON says why. One list of
// disposables, as TerminalClient.
import { getLabView } from '../api.js';
import type { LiveView } from '../../../shared/lab-view.js';

export type ViewStatus =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'gone'; retryInMs: number }
  | { state: 'error'; error: unknown; retryInMs: number };

export interface ViewClientOptions {
  lab: string;
  url: string;
  onView: (view: LiveView) => void;
  onStatus: (status: ViewStatus) => void;
  /** The lab was reset or destroyed: the page should look at the lab again. */
  onGone: () => void;
  /** With no `view` event this long after the stream opened, the view is asked for once (GET). */
  firstViewMs?: number;
}

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 20_000];

export class ViewClient {
  private source?: EventSource;
  private readonly disposables: (() => void)[] = [];
  private retryTimer?: ReturnType<typeof setTimeout>;
  private firstTimer?: ReturnType<typeof setTimeout>;
  private attempt = 0;
  private gen = 0;
  private latest = '';

  constructor(private readonly opts: ViewClientOptions) {
    this.disposables.push(() => clearTimeout(this.retryTimer));
    this.connect();
  }

  dispose(): void {
    this.gen++;
    this.close();
    for (const d of this.disposables.splice(0)) d();
  }

  private close(): void {
    clearTimeout(this.firstTimer);
    this.source?.close();
    this.source = undefined;
  }

  private connect(): void {
    const gen = ++this.gen;
    this.close();
    this.opts.onStatus({ state: 'connecting' });
    const es = new EventSource(this.opts.url);
    this.source = es;
    const current = () => gen === this.gen;

    es.addEventListener('open', () => {
      if (!current()) return;
      clearTimeout(this.firstTimer);
      this.firstTimer = setTimeout(() => current() && !this.latest && this.fetchOnce(gen), this.opts.firstViewMs ?? 1500);
    });
    es.addEventListener('view', (e) => {
      if (!current()) return;
      this.attempt = 0;
      this.opts.onStatus({ state: 'live' });
      try {
        this.take(JSON.parse((e as MessageEvent<string>).data) as LiveView);
      } catch {
        // not JSON: a broken event is skipped, the next one comes within a second
      }
    });
    es.addEventListener('gone', () => {
      if (!current()) return;
      this.close();
      this.latest = '';
      const retryInMs = 3_000;
      this.opts.onStatus({ state: 'gone', retryInMs });
      this.opts.onGone();
      this.retry(retryInMs);
    });
    es.addEventListener('error', () => {
      if (!current()) return;
      // CONNECTING: the browser reconnects by itself (a server restart, a dropped proxy). CLOSED: it
      // gave up (an HTTP error or another content type): ask the plain route why, and retry later.
      if (es.readyState === EventSource.CONNECTING) return this.opts.onStatus({ state: 'connecting' });
      this.close();
      void this.diagnose(gen);
    });
  }

  private take(view: LiveView): void {
    // A GET answered after a newer pushed view must not put the old one back.
    if (this.latest && view.at < this.latest) return;
    this.latest = view.at;
    this.opts.onView(view);
  }

  private fetchOnce(gen: number): void {
    getLabView(this.opts.lab).then(
      (view) => {
        if (gen === this.gen) this.take(view);
      },
      () => undefined, // the stream itself reports trouble
    );
  }

  private async diagnose(gen: number): Promise<void> {
    const retryInMs = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]!;
    try {
      const view = await getLabView(this.opts.lab);
      if (gen !== this.gen) return;
      this.take(view);
      this.opts.onStatus({ state: 'connecting' });
    } catch (error) {
      if (gen !== this.gen) return;
      this.opts.onStatus({ state: 'error', error, retryInMs });
    }
    this.retry(retryInMs);
  }

  private retry(ms: number): void {
    clearTimeout(this.retryTimer);
    const gen = this.gen;
    this.retryTimer = setTimeout(() => gen === this.gen && this.connect(), ms);
  }
}
