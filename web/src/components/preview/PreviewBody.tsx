import { useState } from 'react';
import type { PreviewResult } from '../../api.js';
import { bytes } from '../../view/format.js';
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
  const [raw, setRaw] = useState(false);
  const text = bodyText(r);
  const page = text !== undefined && isHtml(r);
  const target = targetOf(r.location, r.url);

  return (
    <div className="preview-answer">
      {r.location && (
        <p className="preview-redirect">
          Redirect (not followed) to <code>{r.location}</code>{' '}
          {target && (
            <button type="button" className="btn btn-quiet" onClick={() => onFollow(target)}>
              Fetch it
            </button>
          )}
        </p>
      )}
      {r.truncated && (
        <p className="preview-cut">
          The answer was longer than the preview reads: the first {bytes(r.bodyBytes)} of the body are shown.
        </p>
      )}
      {r.headers.length > 0 && (
        <details className="preview-headers">
          <summary>Headers ({r.headers.length})</summary>
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
                {raw ? 'Show the page' : 'Show the source'}
              </button>
              <span className="preview-note">Rendered without scripts; images and styles from the lab are not loaded.</span>
            </div>
          )}
          {page && !raw ? (
            <iframe className="preview-frame" title={`The page at ${r.url}, as ${r.host} got it`} sandbox="" srcDoc={frameDocument(text)} />
          ) : text !== undefined ? (
            text.length ? (
              <ScrollText label="Body">{text}</ScrollText>
            ) : (
              <p className="preview-note">The body is empty.</p>
            )
          ) : (
            <>
              <p className="preview-note">
                Binary body ({bytes(r.bodyBytes)}
                {r.contentType ? `, ${r.contentType}` : ''}); its first bytes:
              </p>
              <ScrollText label="Body, first bytes in hexadecimal">{hexDump(bytesOf(r.body))}</ScrollText>
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
