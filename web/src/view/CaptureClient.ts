// The browser side of one packet capture: it owns the EventSource on /capture (closing it stops the
// capture on the server) and hands on its events. It never reconnects: a second connection would be
// a new capture, numbered from 1 again. It closes on `stopped`, on dispose, and when the page goes
// away (pagehide). A stream refused before it started is asked once more with fetch, whose error
// JSON says why (EventSource cannot read an answer's body).
import { t } from '../lib/i18n.js';
import { ApiError } from '../api.js';
import type { CaptureEvent } from '../../../shared/lab-view.js';

export interface CaptureClientOptions {
  url: string;
  onEvent: (event: CaptureEvent) => void;
  /** The stream failed: before it started (`error` from the server when it said why), or broke off. */
  onFail: (error: unknown) => void;
}

export class CaptureClient {
  private source?: EventSource;
  private readonly disposables: (() => void)[] = [];
  private started = false;
  private done = false;

  constructor(private readonly opts: CaptureClientOptions) {
    const es = new EventSource(opts.url);
    this.source = es;
    es.addEventListener('capture', (e) => {
      let event: CaptureEvent;
      try {
        event = JSON.parse((e as MessageEvent<string>).data) as CaptureEvent;
      } catch {
        return;
      }
      if (this.done) return;
      if (event.type === 'started') this.started = true;
      opts.onEvent(event);
      if (event.type === 'stopped') this.finish();
    });
    es.addEventListener('error', () => {
      if (this.done) return;
      this.finish();
      if (this.started) opts.onFail(new ApiError('CAPTURE_BROKE_OFF', t('capture.brokeOff'), 0));
      else void this.diagnose();
    });
    const onPageHide = () => this.dispose();
    window.addEventListener('pagehide', onPageHide);
    this.disposables.push(() => window.removeEventListener('pagehide', onPageHide));
  }

  /** Stops the capture (the server stops when the stream closes). */
  dispose(): void {
    this.finish();
    for (const d of this.disposables.splice(0)) d();
  }

  private finish(): void {
    this.done = true;
    this.source?.close();
    this.source = undefined;
  }

  private async diagnose(): Promise<void> {
    const abort = new AbortController();
    try {
      const res = await fetch(this.opts.url, { headers: { accept: 'application/json' }, credentials: 'same-origin', signal: abort.signal });
      // An answer that is a stream after all is not wanted (it would be a second capture): this only asks why.
      if (res.ok) throw new ApiError('CAPTURE_BROKE_OFF', t('capture.closedEarly'), res.status);
      const body = (await res.json().catch(() => ({}))) as { error?: unknown; message?: unknown };
      throw new ApiError(
        typeof body.error === 'string' ? body.error : `HTTP_${res.status}`,
        typeof body.message === 'string' ? body.message : t('api.http', { status: res.status, text: res.statusText }),
        res.status,
      );
    } catch (e) {
      this.opts.onFail(e instanceof ApiError ? e : new ApiError('NETWORK', t('api.network'), 0, { cause: e }));
    } finally {
      abort.abort();
    }
  }
}
