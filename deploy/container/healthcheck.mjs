// The image's HEALTHCHECK: exit 0 when the server's liveness endpoint answers 200, else 1. Liveness
// says the process serves; it stays 200 while a lab engine or the database is down (GET
// /api/health/ready says that), so Docker restarts nothing for an outage elsewhere.
// node:http, not fetch (which cannot set Host): the request names OPSLAB_PUBLIC_URL's host, as learners'
// do, though the health routes answer any Host (server/http/plugins/origin.ts).
import http from 'node:http';

const port = Number(process.env.OPSLAB_PORT || 8080);
const listen = process.env.OPSLAB_HOST || '127.0.0.1';
const address = ['0.0.0.0', '::', '[::]'].includes(listen) ? '127.0.0.1' : listen.replace(/^\[|\]$/g, '');
const publicUrl = (process.env.OPSLAB_PUBLIC_URL || '').split(',')[0]?.trim();
const host = publicUrl && URL.canParse(publicUrl) ? new URL(publicUrl).host : `${address}:${port}`;

const req = http.get({ host: address, port, path: '/api/health/live', headers: { host }, timeout: 4000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('no answer within 4 s')));
req.on('error', (e) => {
  process.stderr.write(`healthcheck: ${e.message}\n`);
  process.exit(1);
});
