// The lab view on a real lab on the local engine (the fixture course's web-serve: client on lan,
// web on lan and back): what view() and watch() show against what Docker and the hosts say, that
// one collector serves every watcher and goes when they do, that the probes are invisible to and
// change nothing in the hosts, the faults (cut, heal, stop, start, tbf; netem's delay refused by
// this kernel), VRRP failover as the view sees it, and captures (network, host, their limits and
// ends). One lab for the whole file; its tests run in order and each leaves the lab as it found it.
import { findLabImage } from '../../server/engine/images.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEvent, CaptureFrame, CaptureRequest, LiveView, ViewHost } from '../../shared/lab-view.js';
import type { Engine } from '../../server/engine/types.js';
import { blueprintOf } from '../../server/exercise-lab.js';
import { agentName, probeName } from '../../server/lab/docker-side.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import { createInspector } from '../../server/platform.js';
import type { CaptureHandle } from '../../server/view/capture.js';
import type { LabInspector, ViewEvent } from '../../server/view/inspector.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';
import { dockerCli, eventually, processesIn, tcpdumpRead } from '../helpers/view.js';

describe('the lab view on a real lab', () => {
  let labs: LabManager;
  let engine: Engine;
  let instance: string;
  let inspector: LabInspector;
  let lab: Lab;

  beforeAll(async () => {
    const t = await testLabManager({ curriculumDir: LABS_COURSE });
    ({ labs, engine, instance } = t);
    inspector = createInspector({ labs, instance });
    const started = await labs.start({ learner: 'alice', blueprint: blueprintOf(t.curriculum.exercises.get('web-serve')!) });
    lab = await labs.ready(started.id);
  });
  afterAll(async () => {
    await inspector?.close();
    await labs?.close({ destroyAll: true });
  });

  it('leaves no probe behind for a host it cannot join (gone, or stopped)', async () => {
    const side = lab.runtime.side!;
    const ghost = { name: 'ghost', containerId: lab.hosts[0]!.containerId.replace(/./g, '0') };
    await expect(side.beside({ instance, lab: lab.id, host: ghost, image: await findLabImage({ docker: lab.engine.docker }), cmd: ['true'] })).rejects.toThrow();
    const left = await lab.engine.docker.listContainers({ all: true, filters: { name: [probeName(lab.id, 'ghost')] } });
    expect(left).toEqual([]);
  });

  const sh = async (host: string, script: string, timeoutMs = 20_000) => {
    const res = await labs.run({ lab, host, script, timeoutMs });
    return { code: res.exitCode, out: res.output.trim() };
  };
  const ok = async (host: string, script: string) => {
    const res = await sh(host, script);
    expect(res.code, `${host}: ${script}: ${res.out}`).toBe(0);
    return res.out;
  };
  const hostOf = (v: LiveView, name: string): ViewHost => v.hosts.find((h) => h.name === name)!;
  const vip = () => lab.env.VIP!;
  const ipOf = (host: string) => lab.env[`${host.toUpperCase()}_IP`]!;
  /** Pythons (the probe) in a host's probe container; none when the container is gone. */
  const probePythons = async (host: string) => {
    const res = await dockerCli(['exec', probeName(lab.id, host), 'ps', '-eo', 'args']);
    if (res.code !== 0) return [];
    return res.stdout.split('\n').filter((l) => l.startsWith('python3'));
  };
  /** Watches the lab; `next(pred)` waits for a view event for which pred holds (the latest one counts too). */
  async function watching() {
    const events: { at: number; view: LiveView }[] = [];
    const waiters = new Set<() => void>();
    const off = await inspector.watch(lab, (ev: ViewEvent) => {
      if (ev.type === 'view') events.push({ at: Date.now(), view: ev.view });
      for (const w of waiters) w();
    });
    const next = (what: string, pred: (v: LiveView) => boolean, ms = 10_000): Promise<{ at: number; view: LiveView }> =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.at(-1) && pred(events.at(-1)!.view) ? events.at(-1) : undefined;
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no view with ${what} within ${ms} ms; the last: ${JSON.stringify(events.at(-1)?.view.hosts.map((h) => [h.name, h.state, h.interfaces, h.neighbours, h.vrrp]))}`));
        }, ms);
        waiters.add(check);
        check();
      });
    return { events, next, off };
  }

  it('lists every host with the interfaces and MACs Docker gave it, and names the owner of each neighbour', async () => {
    await ok('client', `ping -c 1 -W 2 ${ipOf('web')}`);
    const v = await inspector.view(lab);
    expect(v.lab).toBe(lab.id);
    expect(v.exercise).toBe('web-serve');
    expect(v.hosts.map((h) => [h.name, h.state])).toEqual([
      ['client', 'running'],
      ['web', 'running'],
    ]);
    expect(v.networks.map((n) => [n.name, n.subnet])).toEqual(Object.entries(lab.subnets));
    const names = Object.keys(lab.subnets);
    for (const host of lab.hosts) {
      const info = await engine.docker.getContainer(host.containerId).inspect();
      const attached = Object.values(info.NetworkSettings.Networks as Record<string, { NetworkID: string; MacAddress: string; IPAddress: string; IPPrefixLen: number }>);
      const viewed = hostOf(v, host.name);
      expect(viewed.unreadable).toBeUndefined();
      expect(viewed.interfaces.find((i) => i.name === 'lo')?.addresses).toContain('127.0.0.1/8');
      // Every network Docker attached shows as one interface with Docker's MAC and address.
      expect(attached.length).toBe(Object.keys(host.addresses).length);
      for (const n of attached) {
        const network = names[lab.networkIds.indexOf(n.NetworkID)];
        expect(network, `network ${n.NetworkID} of ${host.name} is the lab's`).toBeDefined();
        const iface = viewed.interfaces.find((i) => i.network === network);
        expect(iface, `${host.name} on ${network}`).toBeDefined();
        expect(iface!.mac).toBe(n.MacAddress);
        expect(iface!.addresses).toEqual([`${n.IPAddress}/${n.IPPrefixLen}`]);
        expect(iface!.up).toBe(true);
        expect(n.IPAddress).toBe(host.addresses[network!]);
      }
    }
    const webMac = hostOf(v, 'web').interfaces.find((i) => i.network === 'lan')!.mac;
    const entry = hostOf(v, 'client').neighbours.find((n) => n.ip === ipOf('web'));
    expect(entry).toMatchObject({ ip: ipOf('web'), mac: webMac, owner: 'web', iface: 'eth0' });
    expect(entry!.warning).toBeUndefined();
  });

  it('sends a view with an address added in a host within a second, and the address follows its holder', async () => {
    const w = await watching();
    try {
      await w.next('a first view', (v) => v.hosts.every((h) => h.interfaces.length > 0));
      const addr = (v: LiveView) => v.addresses.find((a) => a.address === vip());
      expect(addr(w.events.at(-1)!.view)).toMatchObject({ heldBy: [], onLo: [] });

      const t0 = Date.now();
      const added = w.next('the VIP on web', (v) => hostOf(v, 'web').interfaces.some((i) => i.name === 'eth0' && i.addresses.includes(`${vip()}/32`)));
      await ok('web', 'ip addr add "$VIP/32" dev eth0');
      const seen = await added;
      const ms = seen.at - t0;
      console.log(`view-live: the VIP on web showed ${ms} ms after \`ip addr add\` was sent (exec included)`);
      expect(ms).toBeLessThan(1000);
      expect(addr(seen.view)).toMatchObject({ heldBy: ['web'], onLo: [] });

      await ok('web', 'ip addr del "$VIP/32" dev eth0');
      await ok('client', 'ip addr add "$VIP/32" dev eth0');
      const moved = await w.next('the VIP on client only', (v) => JSON.stringify(addr(v)?.heldBy) === '["client"]');
      expect(hostOf(moved.view, 'web').interfaces.flatMap((i) => i.addresses)).not.toContain(`${vip()}/32`);
      await ok('client', 'ip addr add "$VIP/32" dev lo 2>/dev/null; ip addr del "$VIP/32" dev eth0');
      const onLo = await w.next('the VIP on client lo', (v) => addr(v)!.heldBy.length === 0 && addr(v)!.onLo.includes('client'));
      expect(addr(onLo.view)!.onLo).toEqual(['client']);
      await ok('client', 'ip addr del "$VIP/32" dev lo');
      await w.next('the VIP nowhere', (v) => addr(v)!.heldBy.length === 0 && addr(v)!.onLo.length === 0);
    } finally {
      w.off();
    }
  });

  it('shows a new neighbour entry with its owner when one host pings another', async () => {
    await ok('web', 'ip neigh flush all');
    const w = await watching();
    try {
      await w.next('web with no neighbour', (v) => hostOf(v, 'web').neighbours.length === 0);
      await ok('web', `ping -c 1 -W 2 ${ipOf('client')}`);
      const seen = await w.next('client in web\'s neighbours', (v) => hostOf(v, 'web').neighbours.some((n) => n.ip === ipOf('client') && n.mac));
      const clientMac = hostOf(seen.view, 'client').interfaces.find((i) => i.name === 'eth0')!.mac;
      expect(hostOf(seen.view, 'web').neighbours.find((n) => n.ip === ipOf('client'))).toMatchObject({ mac: clientMac, owner: 'client', iface: 'eth0' });
    } finally {
      w.off();
    }
  });

  it('runs one collector however many watch, invisible to the hosts, and stops it after the last watcher leaves', async () => {
    const a = await watching();
    const b = await watching();
    try {
      await a.next('a view', (v) => v.hosts.every((h) => h.interfaces.length > 0));
      await b.next('a view', (v) => v.hosts.every((h) => h.interfaces.length > 0));
      // One probe per host, whatever the number of watchers, and one engine probe for this lab.
      for (const host of ['client', 'web']) expect(await probePythons(host), host).toHaveLength(1);
      const agent = (await processesIn(agentName(instance))).filter((l) => l.startsWith('python3'));
      expect(agent).toHaveLength(1);
      const probes = await engine.docker.listContainers({ all: true, filters: { label: [`opslab.lab=${lab.id}`] } });
      expect(probes.filter((c) => c.Labels['opslab.role'] === 'probe').map((c) => c.Names[0]).sort()).toEqual([`/${probeName(lab.id, 'client')}`, `/${probeName(lab.id, 'web')}`]);
      // The probe shares the host's network, not its processes: nothing of ours in the learner's ps.
      for (const host of ['client', 'web']) {
        const ps = await ok(host, 'ps ax -o args');
        expect(ps, host).not.toMatch(/python3|tcpdump|OPSLAB_SIDE/);
      }
    } finally {
      a.off();
      b.off();
    }
    // Both gone: the collector lingers (a reloading page comes back), then its probes end.
    await eventually('the probes ended', 15_000, async () => (await probePythons('client')).length === 0 && (await probePythons('web')).length === 0, 500);
    await eventually('the engine probe ended', 5000, async () => !(await processesIn(agentName(instance))).some((l) => l.startsWith('python3') || l.startsWith('tcpdump')), 500);
  });

  it("changes nothing in the hosts' neighbour tables while it watches", async () => {
    const table = async (host: string) =>
      (await ok(host, 'ip -4 neigh show'))
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/ (REACHABLE|STALE|DELAY|PROBE|INCOMPLETE|FAILED)$/, ''))
        .sort();
    for (const host of ['client', 'web']) await ok(host, 'ip neigh flush all');
    const before = { client: await table('client'), web: await table('web') };
    expect(before).toEqual({ client: [], web: [] });
    const w = await watching();
    await w.next('a view', (v) => v.hosts.every((h) => h.interfaces.length > 0));
    await new Promise((r) => setTimeout(r, 3000));
    w.off();
    expect({ client: await table('client'), web: await table('web') }).toEqual(before);
  });

  describe('faults', () => {
    const ping = (from: string, to: string) => sh(from, `ping -c 1 -W 1 ${ipOf(to)}`);

    it("cuts web's link to lan (no carrier, no ping, shown in the view) and heals it", async () => {
      await ok('client', `ping -c 1 -W 2 ${ipOf('web')}`);
      const faults = await inspector.fault(lab, { action: 'cut', host: 'web', network: 'lan' }, 'a test');
      expect(faults).toEqual([expect.objectContaining({ kind: 'cut', host: 'web', network: 'lan', by: 'a test' })]);
      const carrier = await sh('web', 'cat /sys/class/net/eth0/carrier');
      expect(carrier.code !== 0 || carrier.out === '0', `carrier: ${carrier.out}`).toBe(true);
      expect((await ping('client', 'web')).code).not.toBe(0);
      // The back network is another link: still up.
      expect((await ok('web', 'cat /sys/class/net/eth1/carrier'))).toBe('1');
      // The engine's links are read as they change: a view made just now may predate the cut by a moment.
      const v = await eventually('the view with the cut', 5000, async () => {
        const v = await inspector.view(lab);
        return hostOf(v, 'web').interfaces.find((i) => i.network === 'lan')?.cut ? v : undefined;
      });
      expect(hostOf(v, 'web').interfaces.find((i) => i.network === 'back')?.cut).toBeUndefined();
      expect(v.faults).toEqual([expect.objectContaining({ kind: 'cut', host: 'web', network: 'lan', by: 'a test' })]);

      expect(await inspector.fault(lab, { action: 'heal', host: 'web', network: 'lan' }, 'a test')).toEqual([]);
      await eventually('client pings web again', 10_000, async () => (await ping('client', 'web')).code === 0);
      const healed = await eventually('the view without the cut', 5000, async () => {
        const v = await inspector.view(lab);
        return v.faults.length === 0 ? v : undefined;
      });
      expect(hostOf(healed, 'web').interfaces.find((i) => i.network === 'lan')?.cut).toBeUndefined();
      expect(healed.events.map((e) => e.text).join('\n')).toMatch(/cut \(a test\)[\s\S]*restored \(a test\)/);
    });

    it('stops web (not running, the view says stopped) and starts it again (running, readable)', async () => {
      await inspector.fault(lab, { action: 'stop', host: 'web' }, 'a test');
      const web = lab.hosts.find((h) => h.name === 'web')!;
      expect((await engine.docker.getContainer(web.containerId).inspect()).State.Running).toBe(false);
      await eventually('the view says web stopped', 10_000, async () => {
        const v = await inspector.view(lab);
        return hostOf(v, 'web').state === 'stopped' && v.faults.some((f) => f.kind === 'stopped' && f.host === 'web');
      });
      expect(hostOf(await inspector.view(lab), 'client').state).toBe('running');

      await inspector.fault(lab, { action: 'start', host: 'web' }, 'a test');
      expect((await engine.docker.getContainer(web.containerId).inspect()).State.Running).toBe(true);
      const v = await eventually('the view reads web again', 20_000, async () => {
        const v = await inspector.view(lab);
        const h = hostOf(v, 'web');
        return h.state === 'running' && !h.unreadable && h.interfaces.some((i) => i.network === 'lan' && i.addresses.includes(`${ipOf('web')}/24`)) ? v : undefined;
      }, 500);
      expect(v.faults).toEqual([]);
      await eventually('client pings web after its start', 10_000, async () => (await ping('client', 'web')).code === 0);
    });

    it('puts a rate limit (tbf) on a link and shows it; refuses delay, which needs sch_netem this kernel lacks', async () => {
      await inspector.fault(lab, { action: 'netem', host: 'client', network: 'lan', netem: { rateKbit: 800 } }, 'a test');
      const v = await eventually('the view with the rate limit', 5000, async () => {
        const v = await inspector.view(lab);
        return v.faults.length ? v : undefined;
      });
      expect(v.faults).toEqual([expect.objectContaining({ kind: 'netem', host: 'client', network: 'lan', netem: expect.objectContaining({ rateKbit: 800 }) })]);
      expect(hostOf(v, 'client').interfaces.find((i) => i.network === 'lan')?.netem).toMatchObject({ rateKbit: 800 });
      await ok('client', `ping -c 1 -W 2 ${ipOf('web')}`);

      await inspector.fault(lab, { action: 'clear', host: 'client', network: 'lan' }, 'a test');
      // The engine's qdiscs are read twice a second: the view shows the clear within a moment.
      const cleared = await eventually('the view without the rate limit', 5000, async () => {
        const v = await inspector.view(lab);
        return v.faults.length === 0 ? v : undefined;
      });
      expect(hostOf(cleared, 'client').interfaces.find((i) => i.network === 'lan')?.netem).toBeUndefined();

      const refused = await inspector.fault(lab, { action: 'netem', host: 'client', network: 'lan', netem: { delayMs: 100 } }, 'a test').then(
        () => undefined,
        (e: { code?: string; message: string }) => e,
      );
      expect(refused?.code).toBe('FAULT_FAILED');
      expect(refused?.message).toMatch(/sch_netem/);
      expect((await inspector.view(lab)).faults).toEqual([]);
    });
  });

  it('shows one MASTER and one BACKUP under keepalived, the VIP on the master, and the failover when the master stops', async () => {
    const conf = (state: string, prio: number, peer: string) => `set -eu
mkdir -p /etc/keepalived
cat > /etc/keepalived/keepalived.conf <<CONF
vrrp_instance VI_1 {
    state ${state}
    interface eth0
    virtual_router_id 51
    priority ${prio}
    advert_int 1
    unicast_peer {
        ${peer}
    }
    authentication {
        auth_type PASS
        auth_pass opslab51
    }
    virtual_ipaddress {
        $VIP/32 dev eth0
    }
}
CONF
setsid -f keepalived -n -l -D -P </dev/null >>/var/log/keepalived.log 2>&1`;
    const w = await watching();
    try {
      await ok('client', conf('MASTER', 150, ipOf('web')));
      await ok('web', conf('BACKUP', 100, ipOf('client')));
      const pair = await w.next(
        'client MASTER, web BACKUP',
        (v) => hostOf(v, 'client').vrrp?.state === 'MASTER' && hostOf(v, 'web').vrrp?.state === 'BACKUP' && v.addresses.find((a) => a.address === vip())?.heldBy.join() === 'client',
        20_000,
      );
      expect(hostOf(pair.view, 'web').vrrp!.instances).toEqual([expect.objectContaining({ vrid: 51, priority: 150, master: 'client', addresses: [vip()] })]);

      const t0 = Date.now();
      await ok('client', 'pkill -x keepalived; for i in $(seq 50); do pgrep -x keepalived >/dev/null || exit 0; sleep 0.1; done; exit 1');
      const failover = await w.next(
        'web MASTER',
        (v) => hostOf(v, 'web').vrrp?.state === 'MASTER' && v.addresses.find((a) => a.address === vip())?.heldBy.join() === 'web',
        8000,
      );
      console.log(`view-live: web shown MASTER with the VIP ${failover.at - t0} ms after keepalived was stopped on client`);
      expect(failover.at - t0).toBeLessThan(5500);
      expect(hostOf(failover.view, 'client').vrrp?.state, JSON.stringify(hostOf(failover.view, 'client').vrrp)).not.toBe('MASTER');
      expect(hostOf(failover.view, 'web').vrrp!.instances[0]).toMatchObject({ vrid: 51, priority: 100, master: 'web' });
    } finally {
      w.off();
      for (const host of ['client', 'web']) await sh(host, 'pkill -x keepalived; sleep 0.5; ip addr del "$VIP/32" dev eth0 2>/dev/null; true');
    }
  });

  describe('captures', () => {
    /** Starts a capture and collects its events; resolves once tcpdump runs (its pcap header came). */
    async function capturing(req: CaptureRequest) {
      const events: CaptureEvent[] = [];
      let onStarted!: () => void;
      const started = new Promise<void>((r) => (onStarted = r));
      const handle: CaptureHandle = await inspector.capture(lab, req, (ev) => {
        events.push(ev);
        if (ev.type === 'started') onStarted();
      });
      await Promise.race([started, handle.done]);
      // tcpdump writes its header as it opens the device; give the filter a moment to attach.
      await new Promise((r) => setTimeout(r, 300));
      const frames = () => events.flatMap((e) => (e.type === 'frames' ? e.frames : []));
      const stopped = () => events.find((e): e is Extract<CaptureEvent, { type: 'stopped' }> => e.type === 'stopped');
      return { handle, events, frames, stopped };
    }

    it('captures ICMP on a network with host names, ends at its frame count, and gives a pcap tcpdump reads', async () => {
      const c = await capturing({ network: 'lan', preset: 'icmp', count: 4 });
      expect(c.events[0]).toMatchObject({ type: 'started', linktype: 1, where: 'network lan', preset: 'icmp' });
      await ok('client', `ping -c 3 -i 0.2 ${ipOf('web')}`);
      await Promise.race([c.handle.done, new Promise((_, reject) => setTimeout(() => reject(new Error('the capture did not end at its count')), 10_000))]);
      expect(c.stopped()).toMatchObject({ type: 'stopped', frames: 4, reason: 'the frame count (4) was reached' });
      const frames = c.frames();
      expect(frames.map((f) => f.n)).toEqual([1, 2, 3, 4]);
      expect(frames.map((f) => [f.protocol, f.srcHost, f.dstHost, f.icmp?.type])).toEqual([
        ['ICMP', 'client', 'web', 8],
        ['ICMP', 'web', 'client', 0],
        ['ICMP', 'client', 'web', 8],
        ['ICMP', 'web', 'client', 0],
      ]);
      expect(frames[0]).toMatchObject({ ip: { src: ipOf('client'), dst: ipOf('web') } });
      const pcap = inspector.pcap(lab);
      expect(pcap.length).toBeGreaterThan(24);
      const lines = await tcpdumpRead(pcap);
      expect(lines).toHaveLength(4);
      expect(lines[0]).toContain(`${ipOf('client')} > ${ipOf('web')}: ICMP echo request`);
      expect(lines[1]).toContain(`${ipOf('web')} > ${ipOf('client')}: ICMP echo reply`);
    });

    it('captures who-has and is-at with the arp preset', async () => {
      await ok('client', 'ip neigh flush all');
      const c = await capturing({ network: 'lan', preset: 'arp', count: 2 });
      await ok('client', `ping -c 1 -W 2 ${ipOf('web')}`);
      await eventually('two ARP frames', 10_000, () => c.stopped());
      const [ask, answer] = c.frames() as [CaptureFrame, CaptureFrame];
      expect(ask).toMatchObject({ protocol: 'ARP', srcHost: 'client', dstHost: 'broadcast', arp: { op: 'request', senderIp: ipOf('client'), targetIp: ipOf('web'), gratuitous: false } });
      expect(ask.summary).toContain(`who-has ${ipOf('web')} tell ${ipOf('client')}`);
      expect(answer).toMatchObject({ protocol: 'ARP', srcHost: 'web', dstHost: 'client', arp: { op: 'reply', senderIp: ipOf('web'), targetIp: ipOf('client') } });
      expect(answer.summary).toContain(`${ipOf('web')} is-at`);
    });

    it("captures on a host's interfaces (any, not promiscuous), and stop() ends a capture and its tcpdump", async () => {
      const c = await capturing({ host: 'web', iface: 'any', preset: 'icmp', count: 10 });
      expect(c.events[0]).toMatchObject({ type: 'started', where: 'host web, interface any' });
      await ok('client', `ping -c 2 -i 0.2 ${ipOf('web')}`);
      await eventually('four frames', 5000, () => c.frames().length >= 4);
      expect(c.frames().slice(0, 2).map((f) => [f.protocol, f.ip?.src, f.ip?.dst, f.direction])).toEqual([
        ['ICMP', ipOf('client'), ipOf('web'), 'in'],
        ['ICMP', ipOf('web'), ipOf('client'), 'out'],
      ]);
      const promisc = await ok('web', 'ip -o link show eth0');
      expect(promisc).not.toContain('PROMISC');
      expect((await processesIn(probeName(lab.id, 'web'))).some((l) => l.startsWith('timeout') || l.startsWith('tcpdump'))).toBe(true);

      await c.handle.stop();
      await c.handle.done;
      expect(c.stopped()).toMatchObject({ reason: 'stopped', frames: 4 });
      await eventually('the capture\'s tcpdump ended', 5000, async () => !(await processesIn(probeName(lab.id, 'web'))).some((l) => l.startsWith('timeout') || l.startsWith('tcpdump')), 300);
    });

    it('ends a capture when the lab is destroyed, and close() removes the agent', async () => {
      const c = await capturing({ network: 'lan', preset: 'all', count: 100 });
      expect(c.stopped()).toBeUndefined();
      await labs.destroy(lab.id);
      await eventually('the capture stopped', 10_000, () => c.stopped());
      expect(c.stopped()!.reason).toBe('the lab was reset or destroyed');
      await inspector.close();
      const agent = await dockerCli(['inspect', agentName(instance)]);
      expect(agent.code).not.toBe(0);
    });
  });
});
