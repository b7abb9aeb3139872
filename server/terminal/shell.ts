// A login shell in a lab host for a terminal session. The lab's runtime runs it (server/lab/
// runtime.ts: a TTY exec with resize, exit code and hangup); a terminal adds the host's variables
// and says what went wrong in its own words.
import { isOpslabError, OpslabError } from '../errors.js';
import type { Shell } from '../lab/runtime.js';
import type { Lab, LabHost } from '../lab/types.js';
import type { Size } from './protocol.js';

export type { Shell } from '../lab/runtime.js';

/** HOST_GONE or ENGINE_DOWN as the runtime reports them; INTERNAL for anything else. */
export async function openShell(props: { lab: Lab; host: LabHost; size: Size }): Promise<Shell> {
  const { lab, host, size } = props;
  try {
    return await lab.runtime.openShell({ host, env: { ...lab.env, OPSLAB_HOST: host.name }, size });
  } catch (e) {
    if (isOpslabError(e)) throw e;
    throw new OpslabError('INTERNAL', `The terminal could not be opened: ${(e as Error).message}`, { cause: e });
  }
}
