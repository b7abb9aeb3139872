// readPreview on answers a lab host could send back (the exec's output is the boundary: a FAKE run
// made here, as the preview script would print it). The lab is the learner's, so everything in it
// is hostile; reading it must stay linear in its size.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PREVIEW_LIMIT_BYTES, type PreviewRun, readPreview } from '../../server/service/preview-reply.js';

/** What the preview script prints for a response `raw` that curl fetched whole (exit 0). */
function fakeRun(raw: Buffer): PreviewRun {
  const gz = gzipSync(raw);
  const meta = `curl=0\nsize=${raw.length}\ngz=${gz.length}\ncode=200\ntime=0.012\nexitcode=0\nerror=\n`;
  const stdout = `opslab-preview 1\n${Buffer.from(meta).toString('base64')}\n${gz.toString('base64')}\n`;
  return { exitCode: 0, stdout, output: stdout, timedOut: false, durationMs: 20 };
}

const read = (raw: Buffer) => readPreview({ run: fakeRun(raw), host: 'client', url: new URL('http://web/'), seconds: 10 });

describe('readPreview', () => {
  it('reads a status line, headers and body', () => {
    const res = read(Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad:  a b \t\r\n\r\n<h1>hi</h1>'));
    expect(res).toMatchObject({ status: 200, reason: 'OK', contentType: 'text/html', body: '<h1>hi</h1>', truncated: false });
    expect(res.headers).toEqual([
      { name: 'Content-Type', value: 'text/html' },
      { name: 'X-Pad', value: 'a b' },
    ]);
  });

  it('reads a header with a long run of blanks inside it in linear time (a learner\'s server must not stall the platform)', () => {
    // 200 000 spaces between two words: a backtracking pattern over the line takes tens of seconds.
    const value = `a${' '.repeat(200_000)}b`;
    const started = performance.now();
    const res = read(Buffer.from(`HTTP/1.1 200 OK\r\nX-Long: ${value}\r\nX-Tabs:${'\t'.repeat(200_000)}c\r\n\r\nbody`));
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1000);
    expect(res.status).toBe(200);
    expect(res.headers.map((h) => h.name)).toEqual(['X-Long', 'X-Tabs']);
    expect(res.headers[0]!.value.startsWith('a ')).toBe(true);
    expect(res.headers[1]!.value).toBe('c');
    expect(res.body).toBe('body');
    expect(res.limitBytes).toBe(PREVIEW_LIMIT_BYTES);
  }, 120_000);
});
