// The lab side of a preview (service/preview-lab.ts): the fixed script that runs curl in a lab host,
// and the reading of what it prints. The lab host is the learner's (root): curl, gzip and base64 may
// have been replaced, so the reply is hostile data, read within fixed bounds and never interpreted
// beyond parsing numbers, a status line and header lines.
import { constants, gunzipSync } from 'node:zlib';
import type { PreviewFailure, PreviewResult } from '../../shared/api.js';

/** Headers and body together that curl's output is cut to, in the lab, before anything comes back. */
export const PREVIEW_LIMIT_BYTES = 512 * 1024;
/**
 * The compressed answer that comes back. A script's output is capped at 64 KiB (lab/scripts.ts,
 * OutputTail), and base64 makes 45 000 bytes 60 000 characters: text pages up to the limit fit,
 * incompressible ones are cut earlier (and marked truncated).
 */
const GZ_LIMIT_BYTES = 45_000;
/** curl's write-out and the verbose lines that say why a connection failed. */
const META_LIMIT_BYTES = 2048;
const MARK = 'opslab-preview 1';
const MAX_HEADERS = 200;
const MAX_HEADER_CHARS = 8192;

/**
 * The script: constant text (no input is ever spliced into it). The URL, the seconds and the TLS
 * choice arrive as environment variables and reach curl as single arguments ("$VAR" is not split,
 * globbed or parsed again). curl: no config file (-q), no URL globbing, http/https only, no
 * redirects followed (no -L), a time limit; its output cut to the limit by head in the pipe (curl
 * then stops with exit 23), compressed, and printed as base64 lines after a marker.
 */
export const PREVIEW_SCRIPT = `set -u
d=$(mktemp -d /tmp/opslab-preview.XXXXXX) || exit 125
trap 'rm -rf "$d"' EXIT
if command -v curl >/dev/null 2>&1; then
  curl -q --verbose --silent --globoff --proto =http,https --max-time "$OPSLAB_PREVIEW_SECONDS" \${OPSLAB_PREVIEW_INSECURE:+--insecure} \\
    --include --output - --stderr "$d/log" \\
    --write-out '%{stderr}code=%{response_code}\\ntime=%{time_total}\\nexitcode=%{exitcode}\\nerror=%{errormsg}\\n' \\
    -- "$OPSLAB_PREVIEW_URL" 2>"$d/meta" | head -c ${PREVIEW_LIMIT_BYTES + 1} >"$d/resp"
  status=("\${PIPESTATUS[@]}")
else
  status=(127 0)
  : >"$d/resp"; : >"$d/meta"; : >"$d/log"
fi
gzip -c -n "$d/resp" >"$d/gz"
printf '${MARK}\\n'
{ printf 'curl=%s\\nsize=%s\\ngz=%s\\n' "\${status[0]}" "$(wc -c <"$d/resp")" "$(wc -c <"$d/gz")"; cat "$d/meta"; grep -a -E '^\\* .*(connect to|Connection refused|No route|unreachable|timed out|resolve)' "$d/log" | head -n 4; } | head -c ${META_LIMIT_BYTES} | base64 -w0
printf '\\n'
head -c ${GZ_LIMIT_BYTES} "$d/gz" | base64 -w0
printf '\\n'
`;

/** The exec's result, as far as a preview reads it. */
export interface PreviewRun {
  exitCode: number | null;
  stdout: string;
  output: string;
  timedOut: boolean;
  durationMs: number;
}

type Failure = NonNullable<PreviewResult['error']>;
const fail = (code: PreviewFailure, message: string): Failure => ({ code, message });

/** A line from the lab, fit for a message: no control characters, bounded. */
function clean(text: string, max = 300): string {
  const t = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** What the lab sent back, read within bounds; `url` and `host` only name things in messages. */
export function readPreview(props: { run: PreviewRun; host: string; url: URL; seconds: number }): PreviewResult {
  const { run, host, url, seconds } = props;
  const base: PreviewResult = { host, url: url.href, headers: [], body: '', bodyEncoding: 'utf8', bodyBytes: 0, truncated: false, limitBytes: PREVIEW_LIMIT_BYTES, timeMs: run.durationMs };
  if (run.timedOut) return { ...base, error: fail('TIMEOUT', `${host} did not finish the fetch within ${seconds} s (and the platform's grace); the host may be overloaded.`) };
  const lines = run.stdout.split('\n');
  if (lines[0] !== MARK || lines.length < 3) {
    const said = clean(run.output.split('\n').filter(Boolean).slice(-2).join(' '));
    return { ...base, error: fail('UNREADABLE', `The preview could not run in ${host} (exit ${run.exitCode ?? 'unknown'})${said ? `: ${said}` : ''}. Is /tmp writable and are bash, gzip and base64 there?`) };
  }
  const meta = readMeta(Buffer.from(lines[1] ?? '', 'base64').toString('utf8'));
  const unreadable = { ...base, error: fail('UNREADABLE', `${host} sent back an answer this server cannot read (were gzip or base64 replaced in the host?).`) };
  // The script's own counts open the meta: without them, the rest means nothing.
  const curlExit = meta.int('curl');
  if (curlExit === undefined || meta.int('size') === undefined || meta.int('gz') === undefined) return unreadable;
  let raw: Buffer;
  try {
    raw = gunzipSync(Buffer.from(lines[2] ?? '', 'base64'), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: PREVIEW_LIMIT_BYTES + 1 });
  } catch {
    return unreadable;
  }
  const timeMs = Math.round((meta.num('time') ?? run.durationMs / 1000) * 1000);
  // Cut in the lab (more than the limit came), or on its way back (the compressed answer was too big).
  const truncated = raw.length > PREVIEW_LIMIT_BYTES || (meta.int('size') ?? 0) > PREVIEW_LIMIT_BYTES || (meta.int('gz') ?? 0) > GZ_LIMIT_BYTES;
  const answer = readHttp(raw.subarray(0, PREVIEW_LIMIT_BYTES));
  const error = curlExit === 0 || curlExit === 23 ? undefined : failureOf({ curlExit, meta, host, url, seconds, answered: Boolean(answer) });
  if (!answer) {
    const headersTooLarge = !error && raw.length > 0;
    return { ...base, truncated, timeMs, error: error ?? (headersTooLarge ? fail(truncated ? 'HEADERS_TOO_LARGE' : 'NOT_HTTP', truncated ? `The response headers alone are over ${PREVIEW_LIMIT_BYTES / 1024} KiB; nothing of it is shown.` : 'The answer is not HTTP (no status line and headers).') : fail('EMPTY', 'The server closed the connection without answering.')) };
  }
  const text = decodeUtf8(answer.body, truncated);
  return {
    ...base,
    ...answer.head,
    body: text ?? answer.body.toString('base64'),
    bodyEncoding: text === undefined ? 'base64' : 'utf8',
    bodyBytes: answer.body.length,
    truncated,
    timeMs,
    ...(error ? { error } : {}),
  };
}

interface Meta {
  str(key: string): string | undefined;
  int(key: string): number | undefined;
  num(key: string): number | undefined;
  /** The verbose lines ("* connect to … failed: Connection refused"). */
  notes: string[];
}

function readMeta(text: string): Meta {
  const values = new Map<string, string>();
  const notes: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('* ')) notes.push(clean(line.slice(2)));
    const m = /^([a-z]+)=(.*)$/.exec(line);
    if (m && !values.has(m[1]!)) values.set(m[1]!, m[2]!);
  }
  const num = (key: string) => {
    const v = values.get(key);
    return v !== undefined && /^\d{1,9}(\.\d{1,9})?$/.test(v) ? Number(v) : undefined;
  };
  return { str: (k) => values.get(k), int: (k) => (Number.isInteger(num(k)) ? num(k) : undefined), num, notes };
}

/** Skips 1xx answers; the status line, headers and body of the answer, or undefined when there is none. */
function readHttp(raw: Buffer): { head: Pick<PreviewResult, 'httpVersion' | 'status' | 'reason' | 'headers' | 'contentType' | 'location'>; body: Buffer } | undefined {
  let rest = raw;
  for (let i = 0; i < 5; i++) {
    const crlf = rest.indexOf('\r\n\r\n');
    const lf = rest.indexOf('\n\n');
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
    if (end < 0) return undefined;
    const lines = rest.subarray(0, end).toString('latin1').split(/\r?\n/);
    const status = /^HTTP\/(\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (!status) return undefined;
    const code = Number(status[2]);
    if (code >= 100 && code < 200) {
      rest = rest.subarray(end);
      continue;
    }
    const headers: { name: string; value: string }[] = [];
    for (const line of lines.slice(1)) {
      if (headers.length >= MAX_HEADERS) break;
      const header = headerOf(line);
      if (header) headers.push(header);
    }
    const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
    const contentType = header('content-type');
    const location = code >= 300 && code < 400 ? header('location') : undefined;
    return {
      head: { httpVersion: status[1]!, status: code, reason: clean(status[3] ?? '', 200), headers, ...(contentType ? { contentType } : {}), ...(location ? { location } : {}) },
      body: rest.subarray(end),
    };
  }
  return undefined;
}

/**
 * `Name: value` with the blanks around the value dropped, or undefined for a line that is no header.
 * By index, not a pattern: a line is up to the whole answer (512 KiB) of the learner's choosing, and
 * a backtracking pattern over a long run of blanks inside it is quadratic (minutes of a stalled server).
 */
function headerOf(line: string): { name: string; value: string } | undefined {
  const colon = line.indexOf(':');
  if (colon < 1 || colon > 256 || /\s/.test(line.slice(0, colon))) return undefined;
  const blank = (i: number) => line[i] === ' ' || line[i] === '\t';
  let start = colon + 1;
  let end = line.length;
  while (start < end && blank(start)) start++;
  while (end > start && blank(end - 1)) end--;
  return { name: line.slice(0, colon), value: clean(line.slice(start, end), MAX_HEADER_CHARS) };
}

/** The body as text when it is UTF-8 (a multi-byte character cut at the end of a truncated body is dropped). */
function decodeUtf8(body: Buffer, truncated: boolean): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: truncated });
  } catch {
    return undefined;
  }
}

/** curl's exit code and verbose lines, in plain words. */
function failureOf(props: { curlExit: number; meta: Meta; host: string; url: URL; seconds: number; answered: boolean }): Failure {
  const { meta, host, url } = props;
  const said = clean(meta.str('error') ?? '');
  const notes = meta.notes.join(' ');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const where = `${url.hostname} port ${port}`;
  switch (props.curlExit) {
    case 127:
      return fail('NO_CURL', `curl is not installed in ${host}: install it there (apt-get install curl), or preview from another host.`);
    case 6:
      return fail('DNS', `${host} cannot resolve ${url.hostname}: no such name in its /etc/hosts or DNS.`);
    case 7:
      if (/Connection refused/i.test(notes)) return fail('REFUSED', `Connection refused: nothing listens on ${where} (as seen from ${host}), or a firewall rejects it.`);
      if (/No route to host/i.test(notes)) return fail('NO_ROUTE', `No route to host: ${url.hostname} did not answer ${host}'s ARP, or a firewall rejects the connection.`);
      if (/unreachable/i.test(notes)) return fail('UNREACHABLE', `Network is unreachable: ${host} has no route to ${url.hostname} (see \`ip route\` in ${host}).`);
      return fail('CONNECT', `${host} could not connect to ${where}${said ? ` (${said})` : ''}.`);
    case 28:
      return props.answered
        ? fail('TIMEOUT', `The answer did not finish within ${props.seconds} s: what came so far is shown.`)
        : fail('TIMEOUT', `Timed out after ${props.seconds} s: no answer from ${where} (the packets may be dropped, or the server is slow).`);
    case 35:
    case 51:
    case 53:
    case 54:
    case 58:
    case 59:
    case 60:
    case 64:
    case 66:
    case 77:
    case 80:
    case 83:
    case 90:
    case 91:
      return fail('TLS', `TLS failed${said ? `: ${said}` : ''}.${props.curlExit === 60 ? ` ${host} does not trust the server's certificate: add its CA to ${host}, or accept any certificate (like curl -k).` : ''}`);
    case 52:
      return fail('EMPTY', 'The server closed the connection without answering (empty reply).');
    case 56:
      return fail('RESET', `The connection broke while the answer came${said ? ` (${said})` : ''}.`);
    case 1:
    case 8:
    case 16:
      return fail('NOT_HTTP', `The answer is not HTTP curl understands${said ? ` (${said})` : ''}.`);
    default:
      return fail('FAILED', `curl failed (exit ${props.curlExit})${said ? `: ${said}` : ''}.`);
  }
}
