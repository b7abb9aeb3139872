// The server's one log: pino, JSON lines on stdout, the same stream fastify writes its request
// lines to. Code below the HTTP layer (engines, the lab manager, the curriculum watcher) logs
// through a plain `Log` function so it needs no logger of its own and tests can collect lines;
// the fields it passes (lab, learner, engine, exercise) become JSON fields, so an operator can
// filter one learner's or one lab's story out of a busy server with `jq`.
import { pino, type Logger } from 'pino';

export interface LogFields {
  lab?: string;
  learner?: string;
  engine?: string;
  exercise?: string;
  [key: string]: unknown;
}

/** A message and its fields; what every part below the HTTP layer logs through. */
export type Log = (msg: string, fields?: LogFields) => void;

export type { Logger };

export function createLogger(props: { level: string; destination?: NodeJS.WritableStream }): Logger {
  return pino({ level: props.level, base: { pid: process.pid }, serializers: { req: requestLine } }, props.destination ?? process.stdout);
}

/** Query parameters whose values are never logged: the engine console's ticket and their like. */
const SECRET_PARAM = /ticket|token|secret|key|pass|sig|auth|relay/i;

/** `url` with the value of every secret-named query parameter replaced by [redacted]. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A name that does not decode is judged as it is written.
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : part;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/**
 * fastify's request line (its own serializer's fields), with secrets taken out of the URL: a
 * websocket's credentials can only ride in its query string (server/http/routes/admin).
 */
export function requestLine(req: { method: string; url: string; host?: string; ip?: string; headers?: Record<string, unknown>; socket?: { remotePort?: number } }) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    version: req.headers?.['accept-version'] as string | undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** A `Log` writing info lines to `logger` (warn when the fields say `level: 'warn'`). */
export function logTo(logger: Logger): Log {
  return (msg, fields) => {
    if (!fields) return logger.info(msg);
    const { level, ...rest } = fields;
    if (level === 'warn' || level === 'error') logger[level](rest, msg);
    else logger.info(rest, msg);
  };
}
