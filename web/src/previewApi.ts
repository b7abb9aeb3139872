// The lab preview's client (POST /api/labs/:id/preview). Errors come back as api.ts's ApiError, with
// the server's stable code and message, as every other call of the app.
import type { PreviewRequest, PreviewResult } from '../../shared/api.js';
import { ApiError } from './api.js';

export type { PreviewRequest, PreviewResult } from '../../shared/api.js';

/** Fetch `req.url` from inside the lab host `req.host`: what a client in the lab would get. */
export async function previewLab(lab: string, req: PreviewRequest, signal?: AbortSignal): Promise<PreviewResult> {
  let res: Response;
  try {
    res = await fetch(`/api/labs/${encodeURIComponent(lab)}/preview`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(req),
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError('NETWORK', 'The opslab server does not answer. Check your connection and try again.', 0, { cause });
  }
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = data as { error?: unknown; message?: unknown } | undefined;
    throw new ApiError(
      typeof err?.error === 'string' ? err.error : `HTTP_${res.status}`,
      typeof err?.message === 'string' ? err.message : `The server answered ${res.status} ${res.statusText}.`,
      res.status,
    );
  }
  return data as PreviewResult;
}
