// Request and response shapes of the admin API (/api/admin/*), imported by the server and the web
// app's admin page alike. Types only, as in api.ts.

/** POST /api/admin/engine/console/ticket: what opens the engine console's websocket once. */
export interface ConsoleTicketView {
  /** Goes in the websocket URL's `ticket` parameter; single use. */
  ticket: string;
  /** How long it stays good (30 s). */
  expiresInMs: number;
  /** The websocket's path. */
  path: string;
}
