// The lab view and capture frames as terminal text (server/view/text.ts): the facts on one line
// each, and names the learner made (interfaces, probe errors, frame summaries) printed harmlessly.
import { describe, expect, it } from 'vitest';
import type { CaptureFrame, LiveView } from '../../shared/lab-view.js';
import { frameText, viewText } from '../../server/view/text.js';

const ESC = '\u001b';
const C1_CSI = '\u009b';
const BIDI = '\u202e';

function view(over: Partial<LiveView> = {}): LiveView {
  return {
    lab: 'lab-1',
    exercise: 'lvs-dr',
    at: '2025-01-01T00:00:00.000Z',
    networks: [{ name: 'lan', subnet: '10.123.0.0/24', gateway: '10.123.0.1' }],
    addresses: [{ name: 'vip', address: '10.123.0.100', heldBy: ['director'], onLo: ['rs1', 'rs2'] }],
    hosts: [
      {
        name: 'director',
        state: 'running',
        interfaces: [
          { name: 'lo', mac: '00:00:00:00:00:00', addresses: ['127.0.0.1/8'], up: true },
          { name: 'eth0', mac: '02:42:0a:7b:00:0a', network: 'lan', addresses: ['10.123.0.10/24', '10.123.0.100/32'], up: true },
        ],
        neighbours: [{ ip: '10.123.0.50', mac: '02:42:0a:7b:00:32', iface: 'eth0', state: 'REACHABLE', owner: 'client' }],
        ipvs: [
          {
            protocol: 'TCP',
            address: '10.123.0.100:80',
            scheduler: 'rr',
            persistent: 360,
            conns: 6,
            inPackets: 36,
            outPackets: 0,
            inBytes: 2304,
            outBytes: 0,
            realServers: [{ address: '10.123.0.11:80', method: 'Route', weight: 1, active: 1, inactive: 2, conns: 3, inPackets: 18, outPackets: 0, inBytes: 1152, outBytes: 0, host: 'rs1' }],
          },
        ],
        vrrp: { state: 'MASTER', instances: [{ vrid: 51, priority: 150, intervalS: 1, from: '10.123.0.10', master: 'director', ageS: 0, addresses: ['10.123.0.100'] }] },
      },
      { name: 'rs1', state: 'stopped', interfaces: [], neighbours: [] },
    ],
    faults: [{ kind: 'stopped', host: 'rs1', by: 'page', since: '2025-01-01T00:00:00.000Z' }],
    events: [],
    ...over,
  };
}

describe('viewText', () => {
  it('prints networks, holders of the VIP, interfaces, neighbours, IPVS, VRRP and faults', () => {
    const text = viewText(view());
    expect(text).toContain('network lan  10.123.0.0/24  (gateway 10.123.0.1: the engine)');
    expect(text).toContain('vip 10.123.0.100: held by director; on lo of rs1, rs2');
    expect(text).toContain('director  running  VRRP MASTER');
    expect(text).toMatch(/ {2}eth0 +02:42:0a:7b:00:0a {2}10\.123\.0\.10\/24, 10\.123\.0\.100\/32 {2}up {2}\[lan\]/);
    expect(text).toContain('ipvs TCP 10.123.0.100:80 rr persistent 360  conns 6 in 36p/2304B out 0p/0B');
    expect(text).toContain('-> 10.123.0.11:80 (rs1) Route w1 active 1 inactive 2');
    expect(text).toContain('vrrp vrid 51 prio 150 every 1 s from 10.123.0.10 (director) 0 s ago: 10.123.0.100');
    expect(text).toContain('faults in force:\n  stopped rs1  (page, since 2025-01-01T00:00:00.000Z)');
    // lo with only 127.0.0.1 is left out.
    expect(text).not.toMatch(/^ {2}lo /m);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('calls two holders split brain, and a cut link CUT', () => {
    const v = view();
    v.addresses[0]!.heldBy = ['director', 'rs2'];
    v.hosts[0]!.interfaces[1]!.cut = true;
    const text = viewText(v);
    expect(text).toContain('held by director, rs2  SPLIT BRAIN');
    expect(text).toContain('CUT (no cable)');
  });

  it('neutralises terminal controls in interface names, neighbour interfaces, warnings, probe errors and who made a fault', () => {
    const v = view();
    const host = v.hosts[0]!;
    host.interfaces.push({ name: `${ESC}]0;owned${ESC}\\`, mac: '02:00:00:00:00:01', addresses: [], up: false });
    host.neighbours.push({ ip: '10.123.0.99', iface: `e${C1_CSI}2J`, state: 'STALE', warning: `x${ESC}[2Jy\r\nz` });
    host.unreadable = `probe died ${ESC}[31m`;
    v.faults[0]!.by = `drill:${BIDI}x${ESC}[1A`;
    const text = viewText(v);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text).toContain('\\x1b]0;owned\\x1b\\');
    expect(text).toContain('e\\x9b2J');
    expect(text).toContain('! x\\x1b[2Jy\\x0d z');
    expect(text).toContain('(not read: probe died \\x1b[31m)');
    expect(text).toContain('drill:\\u202ex\\x1b[1A');
  });
});

describe('frameText', () => {
  const frame: CaptureFrame = { n: 3, t: 0.0125, caplen: 74, len: 74, srcMac: '02:42:0a:7b:00:32', dstMac: '02:42:0a:7b:00:0a', srcHost: 'client', dstHost: 'director', protocol: 'TCP', summary: '10.123.0.50:51234 → 10.123.0.100:80 [S]' };

  it('prints the number, time, MACs with their hosts, protocol and summary', () => {
    expect(frameText(frame)).toBe('   3 0.012500 02:42:0a:7b:00:32 (client) → 02:42:0a:7b:00:0a (director)  TCP  10.123.0.50:51234 → 10.123.0.100:80 [S]');
    const { srcMac: _s, dstMac: _d, srcHost: _sh, dstHost: _dh, ...noLink } = frame;
    expect(frameText({ ...noLink, iface: 'eth0', direction: 'in' })).toBe('   3 0.012500 eth0 in TCP  10.123.0.50:51234 → 10.123.0.100:80 [S]');
  });

  it('neutralises terminal controls in the interface and the summary', () => {
    const text = frameText({ ...frame, iface: `${ESC}[2J`, direction: 'out', summary: `who-has ${ESC}]52;c;ZWNobw==${String.fromCharCode(7)} tell\n10.0.0.1` });
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\x1b[2J out');
    expect(text).toContain('who-has \\x1b]52;c;ZWNobw==\\x07 tell 10.0.0.1');
  });
});
