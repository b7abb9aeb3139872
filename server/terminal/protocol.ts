// The server's side of the terminal wire protocol: the shared module (shared/terminal-protocol.ts,
// which the web app imports too), plus what only the server knows: which close code an error gets.
import { isOpslabError } from '../errors.js';
import { CLOSE, closeCodeForStatus } from '../../shared/terminal-protocol.js';

export * from '../../shared/terminal-protocol.js';

/** The close code for an error: 4000 + its HTTP status where the protocol names one, else 1011. */
export function closeCodeOf(e: unknown): number {
  return isOpslabError(e) ? closeCodeForStatus(e.status) : CLOSE.INTERNAL;
}
