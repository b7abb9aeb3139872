// The admin API client (/api/admin/*). Its requests carry the admin's bearer token, which the admin
// page holds in memory only (never stored); errors come back as ApiError, as in api.ts.
import type { ConsoleTicketView } from '../../shared/admin-api.js';
import { request } from './api.js';

export type { ConsoleTicketView } from '../../shared/admin-api.js';

/** A one-time ticket that opens the engine console's websocket once, within its time (30 s). */
export const getConsoleTicket = (token: string) =>
  request<ConsoleTicketView>('POST', '/api/admin/engine/console/ticket', undefined, {
    credentials: 'omit', // the token says who this is; the learner cookie has nothing to add
    headers: { authorization: `Bearer ${token}` },
  });

/** The console's websocket URL for a ticket (same origin; ws: or wss: to match the page). */
export function consoleSocketUrl(ticket: ConsoleTicketView, size: { cols: number; rows: number }): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ ticket: ticket.ticket, cols: String(size.cols), rows: String(size.rows) });
  return `${proto}//${location.host}${ticket.path}?${query}`;
}
