import { useEffect, useRef, useState, type FormEvent } from 'react';
import '../../styles/preview.css';
import { previewLab, type PreviewResult } from '../../api.js';
import { ErrorNote } from '../ErrorNote.js';
import { PreviewBody } from './PreviewBody.js';
import { Trans } from 'react-i18next';
import { byteSize, clockTime } from '../../lib/format.js';
import { i18n, useT } from '../../lib/i18n.js';
import { defaultUrl, gist } from './previewText.js';

interface Props {
  lab: string;
  hosts: { name: string; addresses: Record<string, string> }[];
  /** The lab's placeholder values (vip, ip.web...), for the first URL. */
  values: Record<string, string>;
}

interface Fetched {
  n: number;
  at: Date;
  result: PreviewResult;
}

/** Fetches kept in the "recent" list. */
const RECENT = 5;

/**
 * The Preview tab: fetch a URL from inside one lab host (curl runs there) and see what a client in
 * the lab would see: the status, the headers, and the page rendered in a sandboxed frame (no scripts,
 * nothing loaded) or its text. Fetching again refreshes; the recent list tells fetches apart.
 */
export function PreviewPanel({ lab, hosts, values }: Props) {
  const { t, locale } = useT();
  const [from, setFrom] = useState(() => (hosts.some((h) => h.name === 'client') ? 'client' : (hosts[0]?.name ?? '')));
  const [url, setUrl] = useState('');
  const typed = useRef(false);
  const [insecure, setInsecure] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fetches, setFetches] = useState<Fetched[]>([]);
  const count = useRef(0);
  const pending = useRef<AbortController | undefined>(undefined);

  // The first URL: the VIP, else another host's address, until the learner types one.
  const hostsKey = hosts.map((h) => `${h.name}=${Object.values(h.addresses).join(',')}`).join(' ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: hosts is read through hostsKey (a parent may pass a new array of the same hosts each render)
  useEffect(() => {
    if (!typed.current) setUrl(defaultUrl({ values, hosts, from }));
  }, [values, from, hostsKey]);
  useEffect(() => () => pending.current?.abort(), []);

  const fetchNow = async (target = url) => {
    pending.current?.abort();
    const ctl = new AbortController();
    pending.current = ctl;
    setBusy(true);
    setError(undefined);
    try {
      const result = await previewLab(lab, { host: from, url: target.trim(), ...(insecure ? { insecure: true } : {}) }, ctl.signal);
      count.current += 1;
      const n = count.current;
      setFetches((f) => [{ n, at: new Date(), result }, ...f].slice(0, RECENT));
    } catch (e) {
      if (!ctl.signal.aborted) setError(e);
    } finally {
      if (pending.current === ctl) setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void fetchNow();
  };
  const follow = (location: string) => {
    typed.current = true;
    setUrl(location);
    void fetchNow(location);
  };

  const last = fetches[0];
  return (
    <div className="preview">
      <form className="preview-form" onSubmit={submit} aria-label={t('preview.form')}>
        <label className="preview-field">
          <span>{t('preview.from')}</span>
          <select value={from} onChange={(e) => setFrom(e.target.value)}>
            {hosts.map((h) => (
              <option key={h.name} value={h.name}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        <label className="preview-field preview-url">
          <span>URL</span>
          <input
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            maxLength={2048}
            value={url}
            onChange={(e) => {
              typed.current = true;
              setUrl(e.target.value);
            }}
          />
        </label>
        <label className="preview-check">
          <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} />
          <span>{t('preview.insecure')}</span>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !url.trim()}>
          {busy ? t('preview.fetching') : last ? t('preview.again') : t('preview.fetch')}
        </button>
      </form>
      <p className="preview-hint">
        <Trans i18n={i18n} i18nKey="preview.hint" values={{ from }} components={{ strong: <strong />, code: <code /> }} />
      </p>
      <div className="preview-status" role="status" aria-live="polite" aria-atomic="true">
        {busy ? t('preview.fetchingFrom', { url: url.trim(), from }) : last ? <Summary fetched={last} /> : null}
      </div>
      {error !== undefined && <ErrorNote error={error} title={t('preview.failed')} />}
      {last && <PreviewBody key={last.n} result={last.result} onFollow={follow} />}
      {fetches.length > 1 && (
        <section className="preview-recent" aria-labelledby="preview-recent-title">
          <h3 id="preview-recent-title">{t('preview.recent')}</h3>
          <ol>
            {fetches.map((f) => (
              <li key={f.n}>
                <span className="preview-recent-n">#{f.n}</span> {clockTime(f.at, locale, true)} {f.result.host} → {f.result.url}:{' '}
                <strong>{f.result.status ?? f.result.error?.code ?? '—'}</strong> {f.result.status !== undefined && <span className="preview-gist">{gist(f.result)}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

/** One line: fetch number, status line or failure, time and size. */
function Summary({ fetched }: { fetched: Fetched }) {
  const { t, locale } = useT();
  const bytes = (n: number) => byteSize(n, locale);
  const r = fetched.result;
  const status = r.status !== undefined ? `HTTP/${r.httpVersion ?? '1.1'} ${r.status}${r.reason ? ` ${r.reason}` : ''}` : t('preview.noAnswer');
  const cls = r.status === undefined ? 'is-failed' : r.status >= 400 ? 'is-error' : r.status >= 300 ? 'is-redirect' : 'is-ok';
  return (
    <p className="preview-summary">
      <span className="preview-n">#{fetched.n}</span> <strong className={`preview-code ${cls}`}>{status}</strong>
      <span className="preview-meta">
        {' '}
        · {t('preview.ms', { n: r.timeMs })}{r.status !== undefined ? ` · ${bytes(r.bodyBytes)}` : ''}
        {r.contentType ? ` · ${r.contentType}` : ''}
        {r.truncated ? ` · ${t('preview.cutAt', { size: bytes(r.limitBytes) })}` : ''}
      </span>
      {r.error && <span className="preview-failure"> {r.error.message}</span>}
    </p>
  );
}
