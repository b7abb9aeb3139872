// The lab view of the learner's own lab: the view now and as it changes (server-sent events), faults
// on demand, capture presets, a capture streamed as it runs, and the latest capture as a pcap file.
// Every route asks LabManager.getOwned first: nobody watches, breaks or captures another's lab.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CAPTURE_PRESET_IDS, FAULT_ACTIONS, type CaptureRequest, type FaultRequest } from '../../../../shared/lab-view.js';
import { OpslabError } from '../../../errors.js';
import type { Labs } from '../../../service/labs.js';
import type { LabInspector } from '../../../view/inspector.js';
import { errorSchema } from '../../plugins/errors.js';
import { labParams } from '../labs/schemas.js';

export interface ViewRouteOptions {
  labs: Labs;
  /** Without it (a server without labs) every route answers LABS_UNAVAILABLE. */
  inspector?: LabInspector;
  /** Comment lines keep proxies from closing a quiet stream; default 15 s. */
  heartbeatMs?: number;
}

/** Captures one lab may run at once (two pages, say); more is refused. */
const CAPTURES_PER_LAB = 2;

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema, 500: errorSchema, 502: errorSchema, 503: errorSchema };
const name = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' } as const;
const netemSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { delayMs: { type: 'number' }, jitterMs: { type: 'number' }, lossPct: { type: 'number' }, rateKbit: { type: 'number' } },
} as const;
const faultBody = {
  type: 'object',
  required: ['action', 'host'],
  additionalProperties: false,
  properties: { action: { type: 'string', enum: [...FAULT_ACTIONS] }, host: name, network: name, netem: netemSchema },
} as const;
const captureQuery = {
  type: 'object',
  required: ['preset'],
  additionalProperties: false,
  properties: {
    preset: { type: 'string', enum: [...CAPTURE_PRESET_IDS] },
    network: name,
    host: name,
    iface: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,15}$' },
    count: { type: 'string', pattern: '^[0-9]{1,4}$' },
  },
} as const;

export async function viewRoutes(app: FastifyInstance, opts: ViewRouteOptions): Promise<void> {
  const { labs } = opts;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const inspector = (): LabInspector => {
    if (!opts.inspector) throw new OpslabError('LABS_UNAVAILABLE');
    return opts.inspector;
  };
  const owned = (req: FastifyRequest<{ Params: { id: string } }>) => labs.getOwned(req.params.id, req.identity.id);
  const running = new Map<string, number>();

  app.get<{ Params: { id: string } }>('/api/labs/:id/view', { schema: { params: labParams, response: errors } }, async (req) => inspector().view(owned(req)));

  app.get<{ Params: { id: string } }>('/api/labs/:id/view/events', { schema: { params: labParams, response: errors } }, async (req, reply) => {
    const lab = owned(req);
    const events = openEvents(req, reply, heartbeatMs);
    const off = await inspector()
      .watch(lab, (ev) => {
        labs.touch(lab.id); // a learner watching their lab is using it
        events.send(ev.type, ev.type === 'view' ? ev.view : {});
        if (ev.type === 'gone') events.end();
      })
      .catch((e: unknown) => {
        events.send('error', { error: (e as OpslabError).code ?? 'INTERNAL', message: (e as Error).message });
        events.end();
        return () => {};
      });
    events.onClose(off);
  });

  app.post<{ Params: { id: string }; Body: FaultRequest }>(
    '/api/labs/:id/faults',
    { schema: { params: labParams, body: faultBody, response: errors }, onRequest: app.limit('inspect') },
    async (req) => ({ faults: await inspector().fault(owned(req), req.body, 'from the page') }),
  );

  app.get<{ Params: { id: string } }>('/api/labs/:id/capture/presets', { schema: { params: labParams, response: errors } }, async (req) => inspector().presets(owned(req)));

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/labs/:id/capture',
    { schema: { params: labParams, querystring: captureQuery, response: errors }, onRequest: app.limit('inspect') },
    async (req, reply) => {
      refuseCrossSite(req);
      const lab = owned(req);
      const q = req.query;
      if ((running.get(lab.id) ?? 0) >= CAPTURES_PER_LAB) throw new OpslabError('RATE_LIMITED', `This lab already has ${CAPTURES_PER_LAB} captures running; stop one first.`);
      const capture: CaptureRequest = { preset: q.preset as CaptureRequest['preset'], ...(q.network ? { network: q.network } : {}), ...(q.host ? { host: q.host } : {}), ...(q.iface ? { iface: q.iface } : {}), ...(q.count ? { count: Number(q.count) } : {}) };
      running.set(lab.id, (running.get(lab.id) ?? 0) + 1);
      let events: ReturnType<typeof openEvents> | undefined;
      const buffered: unknown[] = [];
      try {
        const handle = await inspector().capture(lab, capture, (ev) => {
          if (events) events.send('capture', ev);
          else buffered.push(ev);
          if (ev.type === 'stopped') events?.end();
        });
        events = openEvents(req, reply, heartbeatMs);
        for (const ev of buffered) events.send('capture', ev);
        events.onClose(() => void handle.stop('the page closed'));
        void handle.done.then(() => {
          running.set(lab.id, (running.get(lab.id) ?? 1) - 1);
          events?.end();
        });
      } catch (e) {
        running.set(lab.id, (running.get(lab.id) ?? 1) - 1);
        throw e;
      }
    },
  );

  app.get<{ Params: { id: string } }>('/api/labs/:id/capture.pcap', { schema: { params: labParams, response: errors } }, async (req, reply) => {
    const lab = owned(req);
    const file = inspector().pcap(lab);
    return reply
      .header('content-type', 'application/vnd.tcpdump.pcap')
      .header('content-disposition', `attachment; filename="${lab.id}-${lab.exercise}.pcap"`)
      .send(file);
  });
}

/** A GET that starts work is refused to other sites' pages, as state-changing requests are (origin.ts). */
function refuseCrossSite(req: FastifyRequest): void {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new OpslabError('ORIGIN_NOT_ALLOWED');
}

/** A server-sent event stream on the request's socket, with the security headers the app set so far. */
function openEvents(req: FastifyRequest, reply: FastifyReply, heartbeatMs: number) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  res.write(': opslab\n\n');
  let open = true;
  const closers: (() => void)[] = [];
  const beat = setInterval(() => open && res.write(': ping\n\n'), heartbeatMs);
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(beat);
    for (const c of closers) c();
  };
  req.raw.on('close', close);
  res.on('close', close);
  return {
    send(event: string, data: unknown) {
      if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (!open) return;
      close();
      res.end();
    },
    onClose(fn: () => void) {
      if (open) closers.push(fn);
      else fn();
    },
  };
}
