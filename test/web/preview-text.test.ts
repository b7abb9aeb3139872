// How the Preview tab reads an answer (components/preview/previewText.ts): which answers are pages,
// what text a body is, the first URL offered, and the line that tells round-robin answers apart.
import { describe, expect, it } from 'vitest';
import { bodyText, defaultUrl, FRAME_GUARD, frameDocument, gist, hexDump, isHtml } from '../../web/src/components/preview/previewText.js';
import type { PreviewResult } from '../../shared/api.js';

const result = (r: Partial<PreviewResult>): PreviewResult => ({ host: 'client', url: 'http://web/', headers: [], body: '', bodyEncoding: 'utf8', bodyBytes: 0, truncated: false, limitBytes: 524288, timeMs: 1, status: 200, ...r });
const hosts = [
  { name: 'client', addresses: { lan: '10.1.0.10' } },
  { name: 'web', addresses: { lan: '10.1.0.20' } },
];

describe('the preview text helpers', () => {
  it('offers the VIP first, else a host other than the one fetching', () => {
    expect(defaultUrl({ values: { vip: '10.1.0.100', 'ip.web': '10.1.0.20' }, hosts, from: 'client' })).toBe('http://10.1.0.100/');
    expect(defaultUrl({ values: {}, hosts, from: 'client' })).toBe('http://10.1.0.20/');
    expect(defaultUrl({ values: {}, hosts, from: 'web' })).toBe('http://10.1.0.10/');
  });

  it('renders as a page only what says it is HTML (or, saying nothing, starts with a tag)', () => {
    expect(isHtml(result({ contentType: 'text/html; charset=utf-8', body: 'x' }))).toBe(true);
    expect(isHtml(result({ contentType: 'application/xhtml+xml', body: 'x' }))).toBe(true);
    expect(isHtml(result({ contentType: 'text/plain', body: '<h1>not a page</h1>' }))).toBe(false);
    expect(isHtml(result({ body: '  <p>untyped</p>' }))).toBe(true);
    expect(isHtml(result({ body: 'plain' }))).toBe(false);
  });

  it('decodes a base64 body in the charset it names, and leaves binary alone', () => {
    const latin1 = btoa(String.fromCharCode(0x63, 0x61, 0x66, 0xe9)); // "café" in ISO-8859-1
    expect(bodyText(result({ body: latin1, bodyEncoding: 'base64', contentType: 'text/plain; charset=iso-8859-1' }))).toBe('café');
    expect(bodyText(result({ body: latin1, bodyEncoding: 'base64', contentType: 'application/octet-stream' }))).toBeUndefined();
    expect(bodyText(result({ body: latin1, bodyEncoding: 'base64', contentType: 'text/plain; charset=no-such-charset' }))).toBeUndefined();
    expect(hexDump(new Uint8Array([0x41, 0x00, 0xff]))).toBe(`00000000  ${'41 00 ff'.padEnd(47)}  A..`);
  });

  it("tells round-robin answers apart by the page's title or first words, without control characters", () => {
    expect(gist(result({ body: '<title>rs1</title><h1>real server 1</h1>' }))).toBe('rs1');
    expect(gist(result({ body: '<h1>real\u001b[2J server 2</h1>\n' }))).toBe('real [2J server 2');
    expect(gist(result({ body: 'AAAA', bodyEncoding: 'base64', bodyBytes: 3 }))).toBe('3 bytes');
  });

  it('puts the no-load policy before the page', () => {
    expect(frameDocument('<p>x</p>')).toBe(`${FRAME_GUARD}<p>x</p>`);
    expect(FRAME_GUARD).toContain(`content="default-src 'none';`);
  });
});
