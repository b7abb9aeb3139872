// The lab view of the learner's own lab: the view now and as it changes (server-sent events), faults
// on demand, capture presets, a capture streamed as it runs, and the latest capture as a pcap file.
// Every route asks LabManager.owned first: nobody watches, breaks or captures another's lab.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CaptureRequest, FaultRequest } from '../../../../shared/lab-view.js';
import { OpslabError } from '../../../errors.js';
import type { Labs } from '../../../service/labs.js';
import type { LabInspector } from '../../../view/inspector.js';
import { labParams } from '../labs/schemas.js';
import { captureQuery, errors, eventStream, faultBody, faultsResponse, liveViewSchema, presetsSchema } from './schemas.js';

export interface ViewRouteOptions {
  labs: Labs;
  /** Without it (a server without labs) every route answers LABS_UNAVAILABLE. */
  inspector?: LabInspector;
  /** Comment lines keep proxies from closing a quiet stream; default 15 s. */
  heartbeatMs?: number;
}

/** Captures one lab may run at once (two pages, say); more is refused. */
const CAPTURES_PER_LAB = 2;
/** View streams one learner may hold open at once (tabs, devices); more is refused. */
const STREAMS_PER_LEARNER = 4;
/** A stream whose reader is this far behind gets only the newest view, once it catches up. */
const BACKLOG_BYTES = 256 * 1024;

const tags = ['lab view'];
const viewSchema = { description: 'The view of the lab now.', ...liveViewSchema };

export async function viewRoutes(app: FastifyInstance, opts: ViewRouteOptions): Promise<void> {
  const { labs } = opts;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const inspector = (): LabInspector => {
    if (!opts.inspector) throw new OpslabError('LABS_UNAVAILABLE');
    return opts.inspector;
  };
  const owned = (req: FastifyRequest<{ Params: { id: string } }>) => labs.owned(req.params.id, req.identity.id);
  const running = new Map<string, number>();
  const streams = new Map<string, number>();
  /** Every open event stream, ended when the server closes (they would hold its close forever). */
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  const track = (events: ReturnType<typeof openEvents>) => {
    open.add(events.end);
    events.onClose(() => open.delete(events.end));
    return events;
  };

  app.get<{ Params: { id: string } }>(
    '/api/labs/:id/view',
    {
      schema: {
        summary: 'The lab view now: hosts, interfaces, VIP holders, neighbour caches, IPVS, VRRP, faults',
        description: "Read from the hosts themselves (not the exercise's YAML): who holds the VIP, neighbour caches with each MAC's owner and warnings, IPVS tables and counters, VRRP state, faults in force.",
        tags,
        params: labParams,
        response: { 200: viewSchema, ...errors },
      },
    },
    async (req) => {
    refuseCrossSite(req);
    const lab = await owned(req); // first: another's lab is 404 whatever else is wrong
    return inspector().view(lab);
    },
  );

  const eventsSchema = {
    summary: 'The lab view as it changes (server-sent events)',
    description: `Events: \`view\` (a LiveView) on every change, one collector per lab however many watch; \`gone\` when the lab is reset or destroyed; \`error\`. ${STREAMS_PER_LEARNER} streams per learner.`,
    tags,
    params: labParams,
    response: { 200: eventStream('A text/event-stream of views.'), ...errors },
  };
  app.get<{ Params: { id: string } }>('/api/labs/:id/view/events', { schema: eventsSchema }, async (req, reply) => {
    refuseCrossSite(req);
    const lab = await owned(req);
    const learner = req.identity.id;
    if ((streams.get(learner) ?? 0) >= STREAMS_PER_LEARNER) throw new OpslabError('RATE_LIMITED', `You already watch ${STREAMS_PER_LEARNER} lab views; close one first.`);
    streams.set(learner, (streams.get(learner) ?? 0) + 1);
    const events = track(openEvents(req, reply, heartbeatMs));
    events.onClose(() => {
      const n = (streams.get(learner) ?? 1) - 1;
      if (n > 0) streams.set(learner, n);
      else streams.delete(learner);
    });
    const off = await inspector()
      .watch(lab, (ev) => {
        labs.touch(lab.id); // a learner watching their lab is using it
        events.latest(ev.type, ev.type === 'view' ? ev.view : {});
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
    {
      schema: {
        summary: 'Break the lab on purpose: stop or start a host, cut or heal a link, netem on a link, clear',
        tags,
        params: labParams,
        body: faultBody,
        response: { 200: { description: 'The faults in force now.', ...faultsResponse }, ...errors },
      },
      onRequest: app.limit('inspect'),
    },
    async (req) => {
      const lab = await owned(req);
      return { faults: await inspector().fault(lab, req.body, 'from the page') };
    },
  );

  const presetsRoute = { summary: 'Capture presets: what each shows and where to capture for it', tags, params: labParams, response: { 200: { description: 'The presets.', ...presetsSchema }, ...errors } };
  app.get<{ Params: { id: string } }>('/api/labs/:id/capture/presets', { schema: presetsRoute }, async (req) => {
    const lab = await owned(req);
    return inspector().presets(lab);
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/labs/:id/capture',
    {
      schema: {
        summary: 'A packet capture as it runs (server-sent events)',
        description: `A network (all frames on it, from the engine's bridge) or a host's interface. Events \`capture\`: \`started\`, \`frames\` (decoded), \`dropped\`, \`stopped\`. Closing the stream stops the capture; ${CAPTURES_PER_LAB} per lab.`,
        tags,
        params: labParams,
        querystring: captureQuery,
        response: { 200: eventStream('A text/event-stream of capture events.'), ...errors },
      },
      onRequest: app.limit('inspect'),
    },
    async (req, reply) => {
      refuseCrossSite(req);
      const lab = await owned(req);
      const q = req.query;
      if ((running.get(lab.id) ?? 0) >= CAPTURES_PER_LAB) throw new OpslabError('RATE_LIMITED', `This lab already has ${CAPTURES_PER_LAB} captures running; stop one first.`);
      const capture: CaptureRequest = { preset: q.preset as CaptureRequest['preset'], ...(q.network ? { network: q.network } : {}), ...(q.host ? { host: q.host } : {}), ...(q.iface ? { iface: q.iface } : {}), ...(q.count ? { count: Number(q.count) } : {}) };
      running.set(lab.id, (running.get(lab.id) ?? 0) + 1);
      let events: ReturnType<typeof openEvents> | undefined;
      const buffered: unknown[] = [];
      // A page that leaves while the capture starts (it may take seconds) stops it as soon as it runs.
      let left = false;
      req.raw.once('close', () => (left = true));
      try {
        const handle = await inspector().capture(lab, capture, (ev) => {
          if (events) events.send('capture', ev);
          else if (buffered.length < 100) buffered.push(ev);
          if (ev.type === 'stopped') events?.end();
        });
        if (left || req.raw.destroyed || reply.raw.destroyed) {
          running.set(lab.id, (running.get(lab.id) ?? 1) - 1);
          await handle.stop('the page closed');
          return;
        }
        events = track(openEvents(req, reply, heartbeatMs));
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

  const pcapSchema = {
    summary: 'The latest capture of the lab as a pcap file (its last 2000 frames)',
    tags,
    params: labParams,
    response: { 200: { description: 'A pcap file.', content: { 'application/vnd.tcpdump.pcap': { schema: { type: 'string', format: 'binary' } } } }, ...errors },
  };
  app.get<{ Params: { id: string } }>('/api/labs/:id/capture.pcap', { schema: pcapSchema }, async (req, reply) => {
    const lab = await owned(req);
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
  // Backpressure: a reader that falls behind gets the newest "latest" event once it drained, not
  // every one in between; one that stays behind past the limit is cut off.
  let pending: string | undefined;
  res.on('drain', () => {
    if (pending && open) {
      const next = pending;
      pending = undefined;
      res.write(next);
    }
  });
  const write = (text: string) => {
    if (res.writableLength > 4 * BACKLOG_BYTES) {
      close();
      res.destroy();
      return;
    }
    res.write(text);
  };
  return {
    send(event: string, data: unknown) {
      if (open) write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    /** Like send, but a reader behind by more than BACKLOG_BYTES skips to the newest one. */
    latest(event: string, data: unknown) {
      if (!open) return;
      const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      if (res.writableLength > BACKLOG_BYTES) pending = text;
      else write(text);
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
