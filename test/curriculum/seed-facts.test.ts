// The seed article's points that the course teaches as questions (issue 16), and the facts the
// whole course must state one way: each question accepts the right answers and refuses the wrong
// ones, and no lesson, task, hint, explanation or check message contradicts the verified facts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeAnswer, loadCurriculum, type QuizSpec } from '../../server/curriculum/index.js';

const { curriculum } = loadCurriculum('curricula');
function quizOf(name: string): QuizSpec {
  const [exercise, task] = name.split('/');
  const quiz = curriculum.exercises.get(exercise!)?.tasks.find((t) => t.id === task)?.quiz;
  if (!quiz) throw new Error(`no quiz ${name}`);
  return quiz;
}
const accepts = (name: string, answer: string) => gradeAnswer(quizOf(name), answer).correct;

/** A choice quiz: the right choice's id passes (in any case), every other id, the texts and free text fail. */
function expectChoice(name: string, right: RegExp) {
  const q = quizOf(name);
  const choices = q.choices ?? [];
  const good = choices.filter((c) => right.test(c.text));
  expect(good, `${name}: exactly one choice matches ${right}`).toHaveLength(1);
  expect(accepts(name, good[0]!.id)).toBe(true);
  expect(accepts(name, `  ${good[0]!.id.toUpperCase()} `)).toBe(true);
  expect(accepts(name, good[0]!.text), `${name} takes the id, not the text`).toBe(false);
  for (const c of choices.filter((c) => c !== good[0])) expect(accepts(name, c.id), `${name} refuses ${c.id}`).toBe(false);
  expect(accepts(name, '')).toBe(false);
}

describe('the seed facts, as questions', () => {
  it("lb-concepts/lvs-origin: Dr. Wensong Zhang, May 1998, one of China's earliest free-software projects", () => {
    expectChoice('lb-concepts/lvs-origin', /Wensong Zhang.*May 1998.*China/);
  });

  it("lb-concepts/piranha: names Red Hat's web interface, not another part of LVS", () => {
    for (const a of ['Piranha', 'piranha', 'Red Hat Piranha', "Red Hat's Piranha", 'RedHat piranha', 'piranha-gui', 'the Piranha Configuration Tool', '"Piranha"']) {
      expect(accepts('lb-concepts/piranha', a), a).toBe(true);
    }
    for (const a of ['keepalived', 'ldirectord', 'ipvsadm', 'pulse', 'nanny', 'Red Hat', 'Cockpit', 'not sure, maybe piranha', 'piranhas']) {
      expect(accepts('lb-concepts/piranha', a), a).toBe(false);
    }
  });

  it('lvs-modes-quiz/dr-real-server-os: a VIP on a non-ARPing interface, not IPIP, not the DIP as gateway', () => {
    expectChoice('lvs-modes-quiz/dr-real-server-os', /does not answer ARP/);
  });

  it('lvs-modes-quiz/full-nat-origin: Taobao or Alibaba, in English or Chinese', () => {
    for (const a of ['Taobao', 'taobao', 'Alibaba', 'Taobao (Alibaba)', "Alibaba's Taobao", 'the Alibaba Group', 'Ali', 'tao bao', '淘宝', '阿里巴巴', 'engineers at Taobao']) {
      expect(accepts('lvs-modes-quiz/full-nat-origin', a), a).toBe(true);
    }
    for (const a of ['Tencent', 'Baidu', 'Huawei', 'JD.com', 'iQIYI', 'Red Hat', 'Google', 'Alipay', 'Wensong Zhang', '']) {
      expect(accepts('lvs-modes-quiz/full-nat-origin', a), a).toBe(false);
    }
  });

  it('lvs-modes-quiz/tun-real-servers: over 100, because replies bypass the director', () => {
    expectChoice('lvs-modes-quiz/tun-real-servers', /^Over 100: the director carries only/);
  });

  it('lvs-modes-quiz/tun-throughput: 100 Mbit/s of requests front about 1 Gbit/s of replies', () => {
    const q = 'lvs-modes-quiz/tun-throughput';
    for (const a of ['1000', '1000 Mbit/s', '1000Mbps', '1000 Mb/s', 'about 1000 Mbit/s', '1100 Mbit/s', '1 Gbit/s', '1 Gbps', '1,0 Gb/s', '1,000 Mbit/s', '0.95 Gbit/s']) {
      expect(accepts(q, a), a).toBe(true);
    }
    for (const a of ['100', '100 Mbit/s', '10', '10 Gbit/s', '500 Mbit/s', '1', 'ten times', '']) {
      expect(accepts(q, a), a).toBe(false);
    }
    const wrongUnit = gradeAnswer(quizOf(q), '1000 MB/s');
    expect(wrongUnit.correct).toBe(false);
    expect(wrongUnit.feedback).toBe('the unit should be Mbit/s, not MB/s');
  });

  it('arp-cache/arp-vs-dns: ARP needs no server: a broadcast, the owner answers, both cache it', () => {
    expectChoice('arp-cache/arp-vs-dns', /broadcasts.*owns the address.*caches/);
  });

  it('arp-cache/arp-layer: both layers are taught because ARP serves IP but rides in Ethernet frames', () => {
    expectChoice('arp-cache/arp-layer', /^ARP exists for the network layer.*0x0806.*never cross a router/);
  });

  it('arp-cache/router-swap: a short outage until caches expire, unless a gratuitous ARP', () => {
    expectChoice('arp-cache/router-swap', /^A short outage.*gratuitous ARP/);
  });
});

describe('the course states each verified fact one way', () => {
  // Every lesson, task text, hint, explanation, check message and prelude of the course.
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) return files(p);
      return /\.(md|ya?ml|sh)$/.test(f) ? [p] : [];
    });
  }
  const texts = files('curricula/linux-ops').map((f) => ({ f, text: readFileSync(f, 'utf8') }));
  const paragraphs = texts.flatMap(({ f, text }) => text.split(/\n\s*\n/).map((p) => ({ f, p: p.replace(/\s+/g, ' '), ipvs: /ipvsadm/.test(text) })));

  it('ipvsadm -p without a number is 360 s (what ipvsadm 1.31 does); 300 only as what its manual says', () => {
    // in files about ipvsadm (mysql -p is a password prompt, not a persistence timeout)
    const aboutDefault = paragraphs.filter(({ p, ipvs }) => ipvs && /-p`? (without a number|alone)|default persisten|-p`? ?(不带数字|单独)|默认的?持久/i.test(p));
    expect(aboutDefault.length).toBeGreaterThan(2);
    for (const { f, p } of aboutDefault) {
      expect(p, f).toMatch(/\b360\b/);
      if (/\b300\b/.test(p)) expect(p, f).toMatch(/ipvsadm\(8\)|manual|手册/);
    }
  });

  it('the VRRP virtual_router_id range is 1-255', () => {
    const ranges = paragraphs.filter(({ p }) => /virtual_router_id/.test(p) && /\b\d+\s*(-|to|–)\s*25[56]\b/.test(p));
    expect(ranges.length).toBeGreaterThan(0);
    for (const { f, p } of ranges) expect(p, f).not.toMatch(/\b0\s*(-|to|–)\s*255\b/);
  });

  it("keepalived's sync daemon is shown in 2.x syntax; lvs_sync_daemon_interface only as the deprecated 1.x form", () => {
    const old = paragraphs.filter(({ p }) => /lvs_sync_daemon_interface/.test(p));
    for (const { f, p } of old) expect(p, f).toMatch(/deprecated|废弃|弃用/);
    expect(texts.some(({ text }) => /^\s*lvs_sync_daemon \S+ \S+/m.test(text))).toBe(true);
  });
});
