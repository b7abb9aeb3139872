import type { PreviewRequest, PreviewResult } from '../../shared/api.js';
import { OpslabError } from '../errors.js';
import { assertReady } from '../lab/ready.js';
import { scriptTimeoutMs } from '../lab/scripts.js';
import type { Lab } from '../lab/types.js';
import type { Labs } from './labs.js';
import { PREVIEW_SCRIPT, readPreview } from './preview-reply.js';

export interface PreviewLabProps {
  labs: Pick<Labs, 'touch'>;
  /** The learner's own lab (the caller looked it up with `labs.owned`: another's lab is 404 there). */
  lab: Lab;
  request: PreviewRequest;
}

/** The longest a fetch may take, and the default. */
export const PREVIEW_MAX_SECONDS = 10;
/** What the script needs beyond curl's time: start, gzip, base64 (the engine's own slowness aside). */
const SCRIPT_GRACE_MS = 5000;

/** An http(s) URL, or BAD_REQUEST; the route's schema checked its characters and length already. */
function previewUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OpslabError('BAD_REQUEST', `'${text.slice(0, 100)}' is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OpslabError('BAD_REQUEST', 'Only http:// and https:// URLs can be previewed.');
  if (!url.hostname) throw new OpslabError('BAD_REQUEST', 'The URL names no host.');
  return url;
}

/**
 * Fetches a URL from inside one host of the learner's own ready lab (its owner checked by the caller): curl runs there (a fixed
 * script, the URL in its environment), so it sees what a client in the lab sees (VIPs, lab names,
 * /etc/hosts) and reaches nothing a terminal in that host could not. The answer is bounded in the
 * lab and again here; redirects are not followed. Counts as activity on the lab.
 */
export async function previewLab(props: PreviewLabProps): Promise<PreviewResult> {
  const { labs, lab, request } = props;
  const url = previewUrl(request.url);
  assertReady(lab);
  const host = lab.hosts.find((h) => h.name === request.host);
  if (!host) throw new OpslabError('HOST_NOT_FOUND', `Lab ${lab.id} has no host '${request.host}': preview from one of ${lab.hosts.map((h) => h.name).join(', ')}.`);
  const seconds = Math.min(PREVIEW_MAX_SECONDS, Math.max(1, Math.floor(request.timeoutSeconds ?? PREVIEW_MAX_SECONDS)));
  labs.touch(lab.id);
  const env: Record<string, string> = { OPSLAB_PREVIEW_URL: url.href, OPSLAB_PREVIEW_SECONDS: String(seconds) };
  if (request.insecure) env.OPSLAB_PREVIEW_INSECURE = '1';
  const run = await lab.runtime.exec({ host, script: PREVIEW_SCRIPT, env, timeoutMs: scriptTimeoutMs(lab.engine, seconds * 1000 + SCRIPT_GRACE_MS) });
  return readPreview({ run, host: host.name, url, seconds });
}
