// The vm engine: time from QEMU start to the guest's Docker answering (TCG, and KVM where it
// can run the kernel) and to its first container (the feature probe, part of startVmEngine), time to a ready 4-container lab inside (one internal bridge network, 4
// lab-image containers with NET_ADMIN+NET_RAW, started together, each answering `docker exec`),
// QEMU's memory, and the clean shutdown. Medians over 3 boots. Then the same VM resumed from its
// snapshot (server/engine/vm/snapshot.ts) against the cold boot, in the same run: ready = Docker
// answers and the first container has run (before the snapshot, for a resumed one). Target: resumed
// <= 0.25x cold.
//   npx tsx bench/vm.ts [RUNS=3]
import { readFileSync } from 'node:fs';
import { ensureDefaultVmImage } from '../server/engine/connect.js';
import { probeKvm, readVmManifest, startVmEngine, type VmEngine } from '../server/engine/vm/index.js';

const runs = Number(process.argv[2] ?? 3);
const quiet = () => {};

interface Sample {
  bootMs: number;
  warmUpMs: number;
  labMs: number;
  rssIdleMiB: number;
  rssLabMiB: number;
  peakMiB: number;
  closeMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/** One internal network and 4 lab hosts, created and started together; ready = exec answers in each. */
async function startLab(props: { engine: VmEngine; image: string; run: number }): Promise<{ ms: number; cleanup: () => Promise<void> }> {
  const { docker } = props.engine;
  const name = `bench-vm-${process.pid}-${props.run}`;
  const labels = { 'opslab.bench': 'vm' };
  const t0 = performance.now();
  const network = await docker.createNetwork({
    Name: name,
    Driver: 'bridge',
    Internal: true,
    Labels: labels,
    IPAM: { Config: [{ Subnet: '10.231.0.0/24' }] },
  });
  const containers = await Promise.all(
    [1, 2, 3, 4].map(async (i) => {
      const c = await docker.createContainer({
        Image: props.image,
        name: `${name}-h${i}`,
        Hostname: `h${i}`,
        Cmd: ['sleep', 'infinity'],
        Labels: labels,
        HostConfig: { NetworkMode: name, CapDrop: ['ALL'], CapAdd: ['NET_ADMIN', 'NET_RAW'], Memory: 256 * 1024 * 1024, PidsLimit: 256 },
      });
      await c.start();
      const exec = await c.exec({ Cmd: ['true'], AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({ hijack: true, stdin: false });
      await new Promise<void>((resolve) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.resume();
      });
      return c;
    }),
  );
  const ms = performance.now() - t0;
  return {
    ms,
    cleanup: async () => {
      await Promise.all(containers.map((c) => c.remove({ force: true })));
      await network.remove();
    },
  };
}

async function sample(props: { dir: string; image: string; accel: 'tcg' | 'kvm'; run: number; snapshots: boolean }): Promise<Sample> {
  const engine = await startVmEngine({ imageDir: props.dir, log: quiet, accel: props.accel, snapshots: props.snapshots });
  if (props.snapshots && !engine.resumed) console.log('  (no snapshot yet: this boot was cold and saved one)');
  try {
    const rssIdleMiB = rssMiB(engine.pid, 'VmRSS');
    const lab = await startLab({ engine, image: props.image, run: props.run });
    const rssLabMiB = rssMiB(engine.pid, 'VmRSS');
    const peakMiB = rssMiB(engine.pid, 'VmHWM');
    await lab.cleanup();
    const t0 = performance.now();
    await engine.close();
    const closeMs = performance.now() - t0;
    return { bootMs: engine.bootMs, warmUpMs: engine.warmUpMs, labMs: lab.ms, rssIdleMiB, rssLabMiB, peakMiB, closeMs };
  } finally {
    await engine.close();
  }
}

async function series(props: { dir: string; image: string; accel: 'tcg' | 'kvm'; snapshots: boolean }): Promise<number> {
  const samples: Sample[] = [];
  const how = props.snapshots ? 'resumed' : 'cold';
  for (let run = 0; run < runs; run++) {
    const x = await sample({ ...props, run });
    samples.push(x);
    console.log(`  ${props.accel} ${how} run ${run + 1}: docker ready ${s(x.bootMs)}, first container +${s(x.warmUpMs)}, 4-host lab ready ${s(x.labMs)}, RSS idle ${x.rssIdleMiB.toFixed(0)} MiB / with lab ${x.rssLabMiB.toFixed(0)} MiB (peak ${x.peakMiB.toFixed(0)}), close ${s(x.closeMs)}`);
  }
  const m = (k: keyof Sample) => median(samples.map((x) => x[k]));
  console.log(
    `${props.accel} ${how}: docker ready ${s(m('bootMs'))} (+${s(m('warmUpMs'))} for the first container, the feature probe), 4-host lab ready ${s(m('labMs'))}, QEMU RSS idle ${m('rssIdleMiB').toFixed(0)} MiB, with lab ${m('rssLabMiB').toFixed(0)} MiB, peak ${m('peakMiB').toFixed(0)} MiB, clean shutdown ${s(m('closeMs'))} (medians of ${runs})`,
  );
  return median(samples.map((x) => x.bootMs + x.warmUpMs));
}

async function coldAndResumed(props: { dir: string; image: string; accel: 'tcg' | 'kvm' }): Promise<void> {
  const cold = await series({ ...props, snapshots: false });
  // Make sure the snapshot exists (a cold boot saves it), then measure resumes.
  await (await startVmEngine({ imageDir: props.dir, log: quiet, accel: props.accel })).close();
  const resumed = await series({ ...props, snapshots: true });
  console.log(`${props.accel}: ready (Docker + first container) cold ${s(cold)}, resumed ${s(resumed)}: ratio ${(resumed / cold).toFixed(2)} (target <= 0.25)`);
}

const t0 = performance.now();
const { dir, images } = await ensureDefaultVmImage({ log: quiet });
const manifest = readVmManifest(dir);
console.log(`vm image ${dir} (${images.join(', ')}; kernel ${manifest.kernelRelease}); ensured in ${s(performance.now() - t0)} (build took ${manifest.buildSeconds} s, preload ${manifest.preload})`);
const image = images[0]!;
await coldAndResumed({ dir, image, accel: 'tcg' });
const kvm = await probeKvm({ dir, manifest, log: quiet });
if (kvm.usable) await coldAndResumed({ dir, image, accel: 'kvm' });
else console.log(`kvm: unusable here (${kvm.reason})`);
