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
  return pino({ level: props.level, base: { pid: process.pid } }, props.destination ?? process.stdout);
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
