import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageExists } from '../../server/engine/docker.js';
import { BASE_IMAGE, ensureBaseImage, ensureLabImage, LAB_DIR, LAB_IMAGE_LATEST, labImageTag } from '../../server/engine/images.js';
import type { Engine } from '../../server/engine/types.js';
import { engineWithLabImage, execIn, TEST_LABEL } from './support.js';

let engine: Engine;
let docker: Dockerode;
let image: string;

beforeAll(async () => {
  ({ engine, image } = await engineWithLabImage());
  docker = engine.docker;
});

describe('labImageTag', () => {
  it('is opslab/lab:<12 hex>, stable, and changes with any file of images/lab', () => {
    const tag = labImageTag();
    expect(tag).toMatch(/^opslab\/lab:[0-9a-f]{12}$/);
    expect(labImageTag()).toBe(tag);
    const copy = mkdtempSync(join(tmpdir(), 'opslab-lab-'));
    try {
      cpSync(LAB_DIR, copy, { recursive: true });
      expect(labImageTag({ dir: copy })).toBe(tag);
      writeFileSync(join(copy, 'lib', 'check.sh'), '# changed\n', { flag: 'a' });
      expect(labImageTag({ dir: copy })).not.toBe(tag);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('base and lab images', () => {
  it('ensureBaseImage leaves debian:bookworm and a second call makes nothing', async () => {
    expect(await imageExists(docker, BASE_IMAGE)).toBe(true);
    const lines: string[] = [];
    const started = performance.now();
    const again = await ensureBaseImage({ docker, log: (l) => lines.push(l) });
    expect(again).toEqual({ tag: BASE_IMAGE, built: false });
    expect(lines).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('ensureLabImage tags the content hash and latest; a second call does not rebuild', async () => {
    expect(image).toBe(labImageTag());
    const lines: string[] = [];
    const again = await ensureLabImage({ docker, log: (l) => lines.push(l) });
    expect(again).toEqual({ tag: image, built: false });
    expect(lines).toEqual([]);
    const [tagged, latest] = await Promise.all([docker.getImage(image).inspect(), docker.getImage(LAB_IMAGE_LATEST).inspect()]);
    expect(latest.Id).toBe(tagged.Id);
    expect(tagged.Config.Labels?.['opslab.content-hash']).toBe(image.split(':')[1]);
  });

  it('builds a changed images/lab folder under a new tag, showing build progress', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'opslab-lab-'));
    cpSync(LAB_DIR, copy, { recursive: true });
    writeFileSync(join(copy, 'NOTE'), `test build ${process.pid}\n`);
    const lines: string[] = [];
    let tag = '';
    try {
      const first = await ensureLabImage({ docker, dir: copy, latest: false, log: (l) => lines.push(l) });
      tag = first.tag;
      expect(first.built).toBe(true);
      expect(lines.some((l) => /Step \d+\/\d+ : FROM debian:bookworm/.test(l))).toBe(true);
      expect(lines.some((l) => /Successfully tagged/.test(l))).toBe(true);
      const second = await ensureLabImage({ docker, dir: copy, latest: false, log: (l) => lines.push(`again ${l}`) });
      expect(second).toEqual({ tag, built: false });
      expect(lines.filter((l) => l.startsWith('again'))).toEqual([]);
      // latest still points at the real lab image
      expect((await docker.getImage(LAB_IMAGE_LATEST).inspect()).Id).toBe((await docker.getImage(image).inspect()).Id);
    } finally {
      rmSync(copy, { recursive: true, force: true });
      if (tag) await docker.getImage(tag).remove().catch(() => {});
    }
  }, 300_000);
});

describe('the lab image', () => {
  let container: Dockerode.Container;
  beforeAll(async () => {
    container = await docker.createContainer({
      Image: image,
      Labels: { [TEST_LABEL]: 'images' },
      HostConfig: { NetworkMode: 'none', CapAdd: ['NET_ADMIN', 'NET_RAW'], AutoRemove: false },
    });
    await container.start();
  });
  afterAll(async () => {
    await container?.remove({ force: true });
  });

  const tools = ['ip', 'ping', 'arping', 'arp', 'ifconfig', 'curl', 'tcpdump', 'ps', 'pkill', 'killall', 'less', 'vi', 'vim', 'nano',
    'nginx', 'ipvsadm', 'keepalived', 'haproxy', 'iptables', 'nft', 'dig', 'nc', 'socat', 'tini', 'file', 'sudo', 'modprobe',
    'ethtool', 'lsof', 'strace', 'python3', 'sysctl', 'nstat', 'ss'];

  it('has every tool the lessons use', async () => {
    const r = await execIn({ container, cmd: ['sh', '-c', `for t in ${tools.join(' ')}; do command -v $t >/dev/null || echo "missing $t"; done`] });
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs arping, arp and keepalived --version', async () => {
    expect((await execIn({ container, cmd: ['arping', '-V'] })).code).toBe(0);
    expect((await execIn({ container, cmd: ['arp', '-n'] })).code).toBe(0);
    const k = await execIn({ container, cmd: ['keepalived', '--version'] });
    expect(k.code).toBe(0);
    expect(k.stdout + k.stderr).toMatch(/Keepalived v2/);
    const help = await execIn({ container, cmd: ['ipvsadm', '--help'] });
    // the binary runs: help where the kernel has IPVS, else exit 2 with "IP Virtual Server ..."
    expect(help.stdout + help.stderr).toMatch(/Usage:|IP Virtual Server/);
  });

  it('has check.sh, a root prompt, and tini as PID 1 with no service started', async () => {
    const r = await execIn({
      container,
      cmd: ['sh', '-c', 'test -r /usr/local/lib/opslab/check.sh && cat /proc/1/comm && ps -e -o comm= | sort -u | tr "\\n" " "'],
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tini\n/);
    expect(r.stdout).not.toMatch(/nginx|keepalived|haproxy/);
    const ps1 = await execIn({ container, cmd: ['bash', '-ic', 'echo "$PS1"'] });
    expect(ps1.stdout).toContain('\\u@\\h');
  });

  it('stops promptly on SIGTERM', async () => {
    const c = await docker.createContainer({ Image: image, Labels: { [TEST_LABEL]: 'images' }, HostConfig: { NetworkMode: 'none' } });
    try {
      await c.start();
      const started = performance.now();
      await c.stop({ t: 10 });
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      await c.remove({ force: true });
    }
  });
});
