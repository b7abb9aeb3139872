// The API's shapes live in shared/api.ts (the web app imports them too). This re-export keeps the
// server modules outside server/http (check/, store/) compiling until they import shared/api.js.
export type * from '../shared/api.js';
