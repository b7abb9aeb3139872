// The admin API client (/api/admin/*). Its requests carry the admin's bearer token, which the admin
// page holds in memory only (never stored); errors come back as ApiError, as in api.ts.
import type { ConsoleTicketView } from '../../shared/admin-api.js';
import { ApiError } from './api.js';

export type { ConsoleTicketView } from '../../shared/admin-api.js';

/** A one-time ticket that opens the engine console's websocket once, within its time (30 s). */
export async function getConsoleTicket(token: string): Promise<ConsoleTicketView> {
  let res: Response;
  try {
    res = await fetch('/api/admin/engine/console/ticket', {
      method: 'POST',
      credentials: 'omit', // the token says who this is; the learner cookie has nothing to add
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
  } catch (cause) {
    throw new ApiError('NETWORK', 'The opslab server does not answer. Check your connection and try again.', 0, { cause });
  }
  const data = (await res.json().catch(() => undefined)) as { error?: unknown; message?: unknown } | undefined;
  if (!res.ok) {
    const code = typeof data?.error === 'string' ? data.error : `HTTP_${res.status}`;
    const message = typeof data?.message === 'string' ? data.message : `The server answered ${res.status} ${res.statusText}.`;
    throw new ApiError(code, message, res.status);
  }
  return data as unknown as ConsoleTicketView;
}

/** The console's websocket URL for a ticket (same origin; ws: or wss: to match the page). */
export function consoleSocketUrl(ticket: ConsoleTicketView, size: { cols: number; rows: number }): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ ticket: ticket.ticket, cols: String(size.cols), rows: String(size.rows) });
  return `${proto}//${location.host}${ticket.path}?${query}`;
}
