// Capture presets (server/view/presets.ts) and the capture's command (capture.ts captureCommand):
// the fixed filters with the lab's VIP put in only when it is an IPv4 address, and tcpdump's argv
// and where it runs, from a request checked against the lab. Nothing runs tcpdump here.
import { probeName } from '../../server/lab/docker-side.js';
import { describe, expect, it } from 'vitest';
import { CAPTURE_PRESET_IDS, type CaptureRequest } from '../../shared/lab-view.js';
import { OpslabError } from '../../server/errors.js';
import type { LabSideRuntime } from '../../server/lab/runtime.js';
import { CAPTURE_LIMITS, captureCommand, startCapture } from '../../server/view/capture.js';
import { directorOf, presetFilter, presetsFor } from '../../server/view/presets.js';
import { codeOf, drLab, VIP, viewLab } from '../helpers/view-lab.js';

describe('presetFilter', () => {
  it("puts the lab's VIP into the filters that name it", () => {
    expect(presetFilter('dr', { values: { vip: VIP } })).toBe(`arp or (tcp and host ${VIP})`);
    expect(presetFilter('tun', { values: { vip: VIP } })).toBe(`ip proto 4 or (tcp and host ${VIP})`);
  });

  it('falls back to the wider filter without a VIP', () => {
    expect(presetFilter('dr', { values: {} })).toBe('arp or tcp');
    expect(presetFilter('tun', { values: { vip: '' } })).toBe('ip proto 4 or tcp');
  });

  it('never puts a VIP that is not an IPv4 address into a filter', () => {
    for (const vip of ['1.2.3.4 or port 22', '1.2.3.4\nor port 22', '1.2.3.4\n', ' 1.2.3.4', 'host', '1.2.3', '1.2.3.4.5', '1234.1.1.1', '::1', '1.2.3.4)', '{vip}']) {
      for (const id of ['dr', 'tun'] as const) {
        const filter = presetFilter(id, { values: { vip } });
        expect(filter, JSON.stringify(vip)).toBe(id === 'dr' ? 'arp or tcp' : 'ip proto 4 or tcp');
      }
    }
  });

  it('gives the fixed filter of presets without a VIP whatever the lab says', () => {
    const values = { vip: '1.2.3.4 or port 22' };
    expect(presetFilter('all', { values })).toBe('');
    expect(presetFilter('arp', { values })).toBe('arp');
    expect(presetFilter('vrrp', { values })).toBe('ip proto 112 or arp');
    expect(presetFilter('nat', { values: { vip: VIP } })).toBe('tcp or icmp');
    for (const id of CAPTURE_PRESET_IDS) expect(presetFilter(id, { values: { vip: VIP } })).not.toContain('{vip}');
  });
});

describe('presetsFor and directorOf', () => {
  it('says where each preset captures in this lab: the first network, or the director', () => {
    const presets = presetsFor(drLab());
    expect(presets.map((p) => p.id)).toEqual([...CAPTURE_PRESET_IDS]);
    const where = Object.fromEntries(presets.map((p) => [p.id, p.where]));
    expect(where).toMatchObject({ all: 'network lan', dr: 'network lan', vrrp: 'network lan', nat: 'host director, interface any (all of its links)', tun: 'host director, interface any (all of its links)', fullnat: 'host director, interface any (all of its links)' });
    for (const p of presets) expect(p.label && p.explain).toBeTruthy();
  });

  it('finds the director by name (director, lb1), else the host on the most networks', () => {
    expect(directorOf(drLab())).toBe('director');
    expect(directorOf(viewLab({ hosts: { lb2: { lan: 'a' }, lb1: { lan: 'b' } }, subnets: { lan: '10.0.0.0/24' } }))).toBe('lb1');
    expect(directorOf(viewLab({ hosts: { client: { wan: 'a' }, router: { wan: 'b', lan: 'c' }, web: { lan: 'd' } }, subnets: { wan: '10.1.0.0/24', lan: '10.2.0.0/24' } }))).toBe('router');
    expect(directorOf(viewLab({ hosts: {}, subnets: {} }))).toBeUndefined();
    const nat = presetsFor(viewLab({ hosts: { client: { wan: 'a' }, router: { wan: 'b', lan: 'c' } }, subnets: { wan: '10.1.0.0/24', lan: '10.2.0.0/24' } }));
    expect(nat.find((p) => p.id === 'nat')?.where).toBe('host router, interface any (all of its links)');
    expect(nat.find((p) => p.id === 'arp')?.where).toBe('network wan');
  });
});


/** The argv's value after `flag` (its first occurrence). */
const valueAfter = (argv: string[], flag: string) => argv[argv.indexOf(flag) + 1];

describe('captureCommand', () => {
  const lab = drLab();

  it("captures a network on the engine's bridge, promiscuous there (no -p), with the preset's filter last", () => {
    const cmd = captureCommand(lab, { network: 'lan', preset: 'dr' }, 'br-lan');
    expect(cmd.on).toBe('engine');
    expect(cmd.where).toBe('network lan');
    expect(cmd.filter).toBe(`arp or (tcp and host ${VIP})`);
    expect(valueAfter(cmd.argv, '-i')).toBe('br-lan');
    expect(cmd.argv).not.toContain('-p');
    expect(cmd.argv.at(-1)).toBe(`arp or (tcp and host ${VIP})`);
  });

  it("captures a host's interface beside it, without promiscuous mode", () => {
    const cmd = captureCommand(lab, { host: 'director', iface: 'eth0', preset: 'nat' });
    expect(cmd.on).toEqual({ host: 'director' });
    expect(cmd.where).toBe('host director, interface eth0');
    expect(cmd.argv).toContain('-p');
    expect(valueAfter(cmd.argv, '-i')).toBe('eth0');
    expect(cmd.argv.at(-1)).toBe('tcp or icmp');
    expect(valueAfter(captureCommand(lab, { host: 'rs1', preset: 'arp' }).argv, '-i')).toBe('any');
  });

  it('always bounds tcpdump: a frame count, a time limit, a snap length; output as pcap on stdout', () => {
    const reqs: [CaptureRequest, string?][] = [[{ network: 'lan', preset: 'all' }, 'br-lan'], [{ host: 'rs1', preset: 'tcp', count: 7 }], [{ network: 'lan', preset: 'vrrp', count: 5000 }, 'br-lan']];
    for (const [req, bridge] of reqs) {
      const { argv } = captureCommand(lab, req, bridge);
      expect(argv.slice(0, 5)).toEqual(['timeout', '-s', 'KILL', String(CAPTURE_LIMITS.maxSeconds), 'tcpdump']);
      expect(valueAfter(argv, '-c')).toBe(String(req.count ?? CAPTURE_LIMITS.defaultCount));
      // timeout's -s is its signal; tcpdump's own -s is the snap length.
      const t = argv.slice(argv.indexOf('tcpdump'));
      expect(valueAfter(t, '-s')).toBe(String(CAPTURE_LIMITS.snaplen));
      expect(valueAfter(t, '-w')).toBe('-');
      expect(t).toContain('-U');
    }
    // "all" has no filter: nothing after the interface.
    const all = captureCommand(lab, { network: 'lan', preset: 'all' }, 'br-lan').argv;
    expect(all.at(-1)).toBe('br-lan');
  });

  it('refuses interface names that are not one, hosts and networks the lab lacks, unknown presets and bad counts', () => {
    const cases: [CaptureRequest, string | undefined, string][] = [
      [{ host: 'rs1', iface: 'eth0 or port 22', preset: 'all' }, undefined, 'BAD_REQUEST'],
      [{ host: 'rs1', iface: '', preset: 'all' }, undefined, 'BAD_REQUEST'],
      [{ host: 'rs1', iface: 'a'.repeat(16), preset: 'all' }, undefined, 'BAD_REQUEST'],
      [{ host: 'rs1', iface: 'eth0;reboot', preset: 'all' }, undefined, 'BAD_REQUEST'],
      [{ host: 'rs1', iface: '../../x', preset: 'all' }, undefined, 'BAD_REQUEST'],
      [{ host: 'rs9', preset: 'all' }, undefined, 'HOST_NOT_FOUND'],
      [{ network: 'wan', preset: 'all' }, 'br-lan', 'NETWORK_NOT_FOUND'],
      [{ preset: 'all' }, 'br-lan', 'BAD_REQUEST'],
      [{ network: 'lan', preset: 'ssh' as never }, 'br-lan', 'BAD_REQUEST'],
      [{ network: 'lan', preset: 'toString' as never }, 'br-lan', 'BAD_REQUEST'],
      [{ network: 'lan', preset: 'all', count: 0 }, 'br-lan', 'BAD_REQUEST'],
      [{ network: 'lan', preset: 'all', count: 5001 }, 'br-lan', 'BAD_REQUEST'],
      [{ network: 'lan', preset: 'all', count: 1.5 }, 'br-lan', 'BAD_REQUEST'],
      [{ network: 'lan', preset: 'all', count: '10' as never }, 'br-lan', 'BAD_REQUEST'],
      [{ network: 'lan', preset: 'all' }, undefined, 'CAPTURE_FAILED'],
      [{ network: 'lan', preset: 'all' }, 'br lan', 'CAPTURE_FAILED'],
      // Prototype names are no network of the lab (the route's schema lets `constructor` through).
      ...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((network): [CaptureRequest, string, string] => [{ network, preset: 'all' }, 'br-lan', 'NETWORK_NOT_FOUND']),
    ];
    for (const [req, bridge, code] of cases) expect(codeOf(() => captureCommand(lab, req, bridge)), JSON.stringify(req)).toBe(code);
  });

  it('never puts a VIP that is not an IPv4 address into the argv', () => {
    const hostile = viewLab({ hosts: { director: { lan: '10.0.0.2' } }, subnets: { lan: '10.0.0.0/24' }, values: { vip: '1.2.3.4 or port 22' } });
    const { argv, filter } = captureCommand(hostile, { network: 'lan', preset: 'dr' }, 'br-lan');
    expect(filter).toBe('arp or tcp');
    expect(argv.join(' ')).not.toContain('port 22');
  });
});

describe('startCapture on a network the lab lacks', () => {
  it('refuses a prototype name as the network before asking the engine for any bridge', async () => {
    // A FAKE lab side runtime at the engine boundary: bridgeOf answers for the lab's one network
    // and throws as Docker does for any other id; nothing else may be asked.
    const asked: unknown[] = [];
    const side = new Proxy({} as LabSideRuntime, {
      get: (_, key) => {
        if (key === 'then') return undefined;
        if (key === 'bridgeOf') return async (id: unknown) => {
          asked.push(id);
          if (id !== 'net-lan') throw Object.assign(new Error(`(HTTP code 404) no such network - network ${String(id)} not found`), { statusCode: 404 });
          return 'br-lan';
        };
        return () => Promise.reject(new Error(`the fake side runtime was asked ${String(key)}`));
      },
    });
    const lab = drLab(side);
    for (const network of ['constructor', '__proto__', 'toString']) {
      const err = await startCapture({ lab, req: { network, preset: 'all' }, ctx: { instance: 't', image: 'probe' }, macOwner: () => undefined, onEvent: () => {} }).catch((e: unknown) => e);
      expect(err, network).toBeInstanceOf(OpslabError);
      expect((err as OpslabError).code, network).toBe('NETWORK_NOT_FOUND');
    }
    expect(asked).toEqual([]);
  });
});

describe('probe container names', () => {
  it('are never a lab host container name, whatever the hosts are called', () => {
    // Hosts are opslab-<lab>-<host> (lab/build.ts): a host named "web-probe" next to a host "web".
    const hostContainer = (lab: string, host: string) => `opslab-${lab}-${host}`;
    expect(probeName('lab-1', 'web')).not.toBe(hostContainer('lab-1', 'web-probe'));
    expect(probeName('lab-1', 'web').startsWith('opslab-probe-')).toBe(true);
  });
});
