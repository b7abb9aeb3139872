import { useState } from 'react';
import type { PreviewResult } from '../../api.js';
import { Trans } from 'react-i18next';
import { byteSize } from '../../lib/format.js';
import { i18n, useT } from '../../lib/i18n.js';
import { bodyText, bytesOf, frameDocument, hexDump, isHtml } from './previewText.js';

interface Props {
  result: PreviewResult;
  /** Fetch a redirect's target (the preview never follows one by itself). */
  onFollow: (url: string) => void;
}

/** A redirect's target as an absolute http(s) URL, or undefined. */
function targetOf(location: string | undefined, base: string): string | undefined {
  if (!location) return undefined;
  try {
    const u = new URL(location, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The answer of one fetch: the redirect it names, its headers (folded), and its body: a page
 * rendered in a frame sandboxed without any allowance (its scripts do not run, it loads nothing),
 * with a toggle to its source; other text as text; binary as a hex dump of its first bytes.
 */
export function PreviewBody({ result: r, onFollow }: Props) {
  const { t, locale } = useT();
  const bytes = (n: number) => byteSize(n, locale);
  const [raw, setRaw] = useState(false);
  const text = bodyText(r);
  const page = text !== undefined && isHtml(r);
  const target = targetOf(r.location, r.url);

  return (
    <div className="preview-answer">
      {r.location && (
        <p className="preview-redirect">
          <Trans i18n={i18n} i18nKey="preview.redirect" values={{ location: r.location }} components={{ code: <code /> }} />{' '}
          {target && (
            <button type="button" className="btn btn-quiet" onClick={() => onFollow(target)}>
              {t('preview.fetchIt')}
            </button>
          )}
        </p>
      )}
      {r.truncated && (
        <p className="preview-cut">
          {t('preview.truncated', { size: bytes(r.bodyBytes) })}
        </p>
      )}
      {r.headers.length > 0 && (
        <details className="preview-headers">
          <summary>{t('preview.headers', { count: r.headers.length })}</summary>
          <dl>
            {r.headers.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: headers repeat (Set-Cookie) and keep their order
              <div key={i} className="preview-header">
                <dt>{h.name}</dt>
                <dd>{h.value}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {r.status !== undefined && (
        <div className="preview-body">
          {page && (
            <div className="preview-body-bar">
              <button type="button" className="btn btn-quiet" aria-pressed={raw} onClick={() => setRaw((v) => !v)}>
                {raw ? t('preview.showPage') : t('preview.showSource')}
              </button>
              <span className="preview-note">{t('preview.rendered')}</span>
            </div>
          )}
          {page && !raw ? (
            <iframe className="preview-frame" title={t('preview.frameTitle', { url: r.url, host: r.host })} sandbox="" srcDoc={frameDocument(text)} />
          ) : text !== undefined ? (
            text.length ? (
              <ScrollText label={t('preview.body')}>{text}</ScrollText>
            ) : (
              <p className="preview-note">{t('preview.empty')}</p>
            )
          ) : (
            <>
              <p className="preview-note">{t('preview.binary', { what: `${bytes(r.bodyBytes)}${r.contentType ? `, ${r.contentType}` : ''}` })}</p>
              <ScrollText label={t('preview.hex')}>{hexDump(bytesOf(r.body))}</ScrollText>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** Text in a scrolling box that the keyboard can reach and scroll (a named region). */
function ScrollText({ label, children }: { label: string; children: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus, or a keyboard cannot scroll it (axe: scrollable-region-focusable)
    <section className="preview-text" aria-label={label} tabIndex={0}>
      <pre>{children}</pre>
    </section>
  );
}
