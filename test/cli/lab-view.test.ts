// The CLI's lab commands as a learner or an author runs them: `node bin/opslab.js` in its own
// process, on the real local engine (OPSLAB_ENGINE=local) and the real curriculum's arp-cache
// (client, server, other on lan): lab up --solve --upto, check, lab exec, lab view --json,
// lab capture (--json, --pcap) while another process pings, lab fault cut/heal, usage errors, and
// lab down. Not the sandbox of cli.test.ts: that one has no engine on purpose. One lab for the file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureFrame, LiveView } from '../../shared/lab-view.js';
import { agentName } from '../../server/lab/docker-side.js';
import { localEngine } from '../helpers/engine.js';
import { dockerCli, tcpdumpRead } from '../helpers/view.js';
import { ROOT } from './sandbox.js';

const BIN = path.join(ROOT, 'bin/opslab.js');
const scratch = mkdtempSync(path.join(tmpdir(), 'opslab-cli-lab-'));
// The caller's OPSLAB_* stay out; the engine is the machine's (DOCKER_* as the test has them).
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPSLAB_'))),
  OPSLAB_ENGINE: 'local',
  OPSLAB_CURRICULUM: path.join(ROOT, 'curricula'),
  OPSLAB_DATA: path.join(scratch, 'data'),
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function opslab(args: string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
const show = (r: Run) => `exit ${r.code}\nstdout: ${r.stdout.slice(-2000)}\nstderr: ${r.stderr.slice(-2000)}`;

describe('opslab lab up/exec/view/capture/fault on the real engine', { timeout: 300_000 }, () => {
  let lab: { id: string; solvedUpTo: string; hosts: { name: string; addresses: Record<string, string> }[]; env: Record<string, string> } | undefined;
  const id = () => lab!.id;

  beforeAll(async () => {
    await localEngine();
  });
  afterAll(async () => {
    if (lab) {
      const down = await opslab(['lab', 'down', lab.id]);
      expect(down.code, show(down)).toBe(0);
      const left = await dockerCli(['ps', '-aq', '--filter', `label=opslab.lab=${lab.id}`]);
      expect(left.stdout.trim()).toBe('');
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each([
    [['lab', 'fault', 'L1', 'netem', 'client'], /netem needs the NETWORK/],
    [['lab', 'capture', 'L1'], /--network NET or --host HOST/],
    [['lab', 'up', 'arp-cache', '--upto', 'fix-cache'], /--upto goes with --solve/],
  ])('exits 2 with a usage error for %j', async (args, message) => {
    const res = await opslab(args);
    expect(res.code, show(res)).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
  });

  it('starts a lab solved up to a task: that task passes its checks, the next one still fails', async () => {
    const up = await opslab(['lab', 'up', 'arp-cache', '--solve', '--upto', 'fix-cache', '--json'], 240_000);
    expect(up.code, show(up)).toBe(0);
    lab = JSON.parse(up.stdout);
    expect(lab).toMatchObject({ exercise: 'arp-cache', engine: 'local', solvedUpTo: 'fix-cache' });
    expect(lab!.id).toMatch(/^[a-z0-9-]+$/);
    expect(lab!.hosts.map((h) => h.name)).toEqual(['client', 'server', 'other']);
    expect(up.stderr).toContain('solve fix-cache');
    expect(up.stderr).not.toContain('solve static-entry');

    const [done, next] = await Promise.all([opslab(['check', id(), '--task', 'fix-cache'], 120_000), opslab(['check', id(), '--task', 'static-entry'], 120_000)]);
    expect(done.code, show(done)).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: 'pass' });
    expect(next.code, show(next)).toBe(1);
    expect(JSON.parse(next.stdout).tests[0]).toMatchObject({ task_id: 'static-entry', status: 'fail' });
  });

  it("runs a command in a host with the lab's variables, passing its output and exit code through", async () => {
    const res = await opslab(['lab', 'exec', id(), 'server', '--', 'sh', '-c', 'echo "vip=$VIP host=$OPSLAB_HOST"; echo "to stderr" >&2; exit 3']);
    expect(res.code, show(res)).toBe(3);
    expect(res.stdout).toContain(`vip=${lab!.env.VIP} host=server`);
    expect(lab!.env.VIP).toMatch(/^10\.\d+\.\d+\.100$/);
    expect(res.stdout).toContain('to stderr');
    const quoted = await opslab(['lab', 'exec', id(), 'client', '--', 'printf', '[%s]', 'a b', "it's"]);
    expect(quoted.code, show(quoted)).toBe(0);
    expect(quoted.stdout).toBe("[a b][it's]");
  });

  it('prints the live view as JSON with every host', async () => {
    const res = await opslab(['lab', 'view', id(), '--json']);
    expect(res.code, show(res)).toBe(0);
    const v = JSON.parse(res.stdout) as LiveView;
    expect(v).toMatchObject({ lab: id(), exercise: 'arp-cache', faults: [] });
    expect(v.hosts.map((h) => [h.name, h.state, h.unreadable])).toEqual([
      ['client', 'running', undefined],
      ['server', 'running', undefined],
      ['other', 'running', undefined],
    ]);
    for (const h of lab!.hosts) {
      const eth0 = v.hosts.find((x) => x.name === h.name)!.interfaces.find((i) => i.network === 'lan');
      expect(eth0?.addresses, h.name).toContain(`${h.addresses.lan}/24`);
    }
    // The command's agent went with it.
    expect((await dockerCli(['inspect', agentName('cli')])).code).not.toBe(0);
  });

  it('captures 4 ICMP frames on lan while another process pings, as JSON and as a pcap tcpdump reads', async () => {
    const file = path.join(scratch, 'icmp.pcap');
    const capture = opslab(['lab', 'capture', id(), '--network', 'lan', '--preset', 'icmp', '--count', '4', '--seconds', '60', '--json', '--pcap', file], 90_000);
    // The capture's process needs a moment to reach tcpdump: ping for longer than that.
    await new Promise((r) => setTimeout(r, 1500));
    const ping = opslab(['lab', 'exec', id(), 'client', '--', 'ping', '-c', '20', '-i', '0.3', lab!.env.SERVER_IP!], 90_000);
    const [cap, pinged] = await Promise.all([capture, ping]);
    expect(cap.code, show(cap)).toBe(0);
    expect(pinged.code, show(pinged)).toBe(0);
    const out = JSON.parse(cap.stdout) as { lab: string; where: string; filter: string; frames: CaptureFrame[]; stopped: string };
    expect(out).toMatchObject({ lab: id(), where: 'network lan', stopped: 'the frame count (4) was reached' });
    expect(out.frames.map((f) => [f.protocol, f.srcHost, f.dstHost, f.icmp?.type])).toEqual([
      ['ICMP', 'client', 'server', 8],
      ['ICMP', 'server', 'client', 0],
      ['ICMP', 'client', 'server', 8],
      ['ICMP', 'server', 'client', 0],
    ]);
    const lines = await tcpdumpRead(readFileSync(file));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain(`${lab!.env.CLIENT_IP} > ${lab!.env.SERVER_IP}: ICMP echo request`);
  });

  it("cuts server's link to lan (lab view in another process shows it) and heals it", async () => {
    const cut = await opslab(['lab', 'fault', id(), 'cut', 'server', 'lan', '--json']);
    expect(cut.code, show(cut)).toBe(0);
    expect(JSON.parse(cut.stdout)).toEqual({ lab: id(), faults: [expect.objectContaining({ kind: 'cut', host: 'server', network: 'lan', by: 'from the command line' })] });
    const viewed = await opslab(['lab', 'view', id(), '--json']);
    expect(viewed.code, show(viewed)).toBe(0);
    const v = JSON.parse(viewed.stdout) as LiveView;
    // Another process: it knows the cut from the engine, not who made it.
    expect(v.faults).toEqual([expect.objectContaining({ kind: 'cut', host: 'server', network: 'lan' })]);
    expect(v.hosts.find((h) => h.name === 'server')!.interfaces.find((i) => i.network === 'lan')).toMatchObject({ cut: true });
    const noPing = await opslab(['lab', 'exec', id(), 'client', '--', 'ping', '-c', '1', '-W', '1', lab!.env.SERVER_IP!]);
    expect(noPing.code).not.toBe(0);

    const heal = await opslab(['lab', 'fault', id(), 'heal', 'server', 'lan']);
    expect(heal.code, show(heal)).toBe(0);
    expect(heal.stdout).toMatch(/restored/);
    const after = JSON.parse((await opslab(['lab', 'view', id(), '--json'])).stdout) as LiveView;
    expect(after.faults).toEqual([]);
    expect(after.hosts.find((h) => h.name === 'server')!.interfaces.find((i) => i.network === 'lan')?.cut).toBeUndefined();
    const pinged = await opslab(['lab', 'exec', id(), 'client', '--', 'ping', '-c', '1', '-W', '2', lab!.env.SERVER_IP!]);
    expect(pinged.code, show(pinged)).toBe(0);
  });
});
