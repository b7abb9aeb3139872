// How a preview's answer is shown: whether it is a page, its text, and the frame document that
// renders a page without letting it do anything. Everything in a PreviewResult came from a lab host
// the learner controls: it is shown as text, or inside a sandboxed frame, never as the app's markup.
import { t } from '../../lib/i18n.js';
import type { PreviewResult } from '../../api.js';

/**
 * Put before a page in the frame's document. The frame is sandboxed without any allowance (no scripts,
 * no forms, no popups, an opaque origin); this policy adds that the page loads nothing at all: its
 * images, styles and links name the lab's addresses, which the browser cannot reach (and relative
 * ones would resolve against opslab itself). Inline styles and data: images still show.
 */
export const FRAME_GUARD =
  '<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:; font-src data:; form-action \'none\'">';

/** The frame document for a page: the guard, then the page as it came. */
export const frameDocument = (html: string): string => FRAME_GUARD + html;

/** The answer is a web page (by its type, or, with none, by its first character). */
export function isHtml(r: Pick<PreviewResult, 'contentType' | 'body' | 'bodyEncoding'>): boolean {
  if (r.contentType) return /\b(x?html)\b/i.test(r.contentType.split(';')[0] ?? '');
  return r.bodyEncoding === 'utf8' && /^\s*</.test(r.body);
}

/** The charset a Content-Type names, when the browser can decode it. */
function charsetOf(contentType: string | undefined): string | undefined {
  const label = /;\s*charset="?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  if (!label) return undefined;
  try {
    new TextDecoder(label);
    return label;
  } catch {
    return undefined;
  }
}

/** The body as text: UTF-8 as sent, or bytes in the charset the answer names; undefined when it is binary. */
export function bodyText(r: Pick<PreviewResult, 'body' | 'bodyEncoding' | 'contentType'>): string | undefined {
  if (r.bodyEncoding === 'utf8') return r.body;
  const charset = charsetOf(r.contentType);
  if (!charset) return undefined;
  return new TextDecoder(charset).decode(bytesOf(r.body));
}

export function bytesOf(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The first bytes as a hex dump: offset, 16 bytes in hex, and their printable characters. */
export function hexDump(bytes: Uint8Array, max = 512): string {
  const lines: string[] = [];
  for (let off = 0; off < Math.min(bytes.length, max); off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, bytes.length));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const chars = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${chars}`);
  }
  return lines.join('\n');
}

/**
 * A short line that tells fetches apart (a page's title, else its first words): behind a round-robin
 * VIP, successive fetches name different real servers.
 */
export function gist(r: PreviewResult): string {
  const text = bodyText(r);
  if (text === undefined) return t('common.bytes', { n: r.bodyBytes });
  const title = /<title[^>]*>([^<]{1,200})/i.exec(text)?.[1];
  const words = (title ?? text.replace(/<[^>]*>/g, ' '))
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words.length > 60 ? `${words.slice(0, 60)}…` : words;
}

/** The URL to fetch first: the lab's VIP when it has one, else the address of a host other than `from`. */
export function defaultUrl(props: { values: Record<string, string>; hosts: { name: string; addresses: Record<string, string> }[]; from: string }): string {
  const vip = props.values.vip;
  if (vip) return `http://${vip}/`;
  const other = props.hosts.find((h) => h.name !== props.from) ?? props.hosts[0];
  const ip = other && Object.values(other.addresses)[0];
  return ip ? `http://${ip}/` : 'http://';
}
