// The lab view and capture frames as text for a terminal (`opslab lab view`, `lab capture`): the
// same facts as the page, one line each. Names and addresses come from the lab (the learner's), so
// each is made terminal-safe.
import type { CaptureFrame, LiveView, ViewHost } from '../../shared/lab-view.js';
import { terminalSafe } from '../check/terminal-text.js';

const safe = (s: string) => terminalSafe(s).replace(/\s+/g, ' ');

export function viewText(v: LiveView): string {
  const lines: string[] = [`${v.lab}  ${v.exercise}  at ${v.at}`];
  for (const n of v.networks) lines.push(`network ${n.name}  ${n.subnet}  (gateway ${n.gateway}: the engine)`);
  for (const a of v.addresses) {
    const held = a.heldBy.length ? `held by ${a.heldBy.join(', ')}${a.heldBy.length > 1 ? '  SPLIT BRAIN: more than one holder' : ''}` : 'held by nobody';
    lines.push(`${a.name} ${a.address}: ${held}${a.onLo.length ? `; on lo of ${a.onLo.join(', ')}` : ''}`);
  }
  for (const h of v.hosts) lines.push('', ...hostText(h));
  if (v.faults.length) {
    lines.push('', 'faults in force:');
    for (const f of v.faults) lines.push(`  ${f.kind} ${f.host}${f.network ? ` on ${f.network}` : ''}${f.netem ? ` ${JSON.stringify(f.netem)}` : ''}  (${safe(f.by)}, since ${f.since})`);
  }
  return `${lines.join('\n')}\n`;
}

function hostText(h: ViewHost): string[] {
  const lines = [`${h.name}  ${h.state}${h.vrrp ? `  VRRP ${h.vrrp.state}` : ''}${h.unreadable ? `  (not read: ${safe(h.unreadable)})` : ''}`];
  for (const i of h.interfaces) {
    if (i.name === 'lo' && i.addresses.length <= 1) continue;
    const state = i.cut ? 'CUT (no cable)' : i.up ? 'up' : 'down';
    lines.push(`  ${safe(i.name).padEnd(8)} ${i.mac}  ${i.addresses.join(', ') || '-'}  ${state}${i.network ? `  [${i.network}]` : ''}${i.netem ? `  netem ${JSON.stringify(i.netem)}` : ''}`);
  }
  for (const n of h.neighbours) {
    lines.push(`  neigh ${n.ip.padEnd(15)} ${(n.mac ?? '(none)').padEnd(17)} ${(n.owner ?? '?').padEnd(8)} ${n.state} ${safe(n.iface)}${n.warning ? `\n        ! ${safe(n.warning)}` : ''}`);
  }
  for (const s of h.ipvs ?? []) {
    lines.push(`  ipvs ${s.protocol} ${s.address} ${s.scheduler}${s.persistent ? ` persistent ${s.persistent}` : ''}  conns ${s.conns} in ${s.inPackets}p/${s.inBytes}B out ${s.outPackets}p/${s.outBytes}B`);
    for (const r of s.realServers) {
      lines.push(`    -> ${r.address}${r.host ? ` (${r.host})` : ''} ${r.method} w${r.weight} active ${r.active} inactive ${r.inactive}  conns ${r.conns} in ${r.inPackets}p/${r.inBytes}B out ${r.outPackets}p/${r.outBytes}B`);
    }
  }
  for (const i of h.vrrp?.instances ?? []) {
    lines.push(`  vrrp vrid ${i.vrid} prio ${i.priority} every ${i.intervalS} s from ${i.from}${i.master ? ` (${i.master})` : ''} ${i.ageS} s ago: ${i.addresses.join(', ')}`);
  }
  return lines;
}

export function frameText(f: CaptureFrame): string {
  const macs = f.srcMac || f.dstMac ? `${f.srcMac ?? '?'}${f.srcHost ? ` (${f.srcHost})` : ''} → ${f.dstMac ?? '?'}${f.dstHost ? ` (${f.dstHost})` : ''}  ` : '';
  const where = f.iface ? `${safe(f.iface)} ${f.direction ?? ''} ` : '';
  return `${String(f.n).padStart(4)} ${f.t.toFixed(6)} ${where}${macs}${f.protocol}  ${safe(f.summary)}`;
}
