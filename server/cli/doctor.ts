// `opslab doctor [--json]`: what the local engine can do for labs, and what to do about what it
// cannot. It diagnoses only: it starts nothing and builds nothing (that is `opslab engine up`).
import { isOpslabError } from '../errors.js';
import { findLabImage } from '../engine/images.js';
import { createLocalEngine } from '../engine/local.js';
import { engineFacts, type EngineFacts, probeFeatures } from '../engine/probe.js';
import { KERNEL_FEATURES, KERNEL_ONLY_FEATURES, type FeatureReport } from '../engine/types.js';
import { defineCommand } from './command.js';

const VM_ADVICE = 'use the vm engine: opslab engine up --engine vm';

export const command = defineCommand({
  name: 'doctor',
  summary: 'what the local engine can run: its Docker, userns-remap, lab image and kernel features',
  details: [
    'It starts and builds nothing. Exit 0 when the engine answers and its kernel features could be',
    'probed (some may be missing: the vm engine has them), 1 when it does not answer or lacks the lab image.',
    'With --json: {"engine": {"kind", "description"}, "answers", "docker": {"version", "apiVersion", "kernel",',
    '"os", "userns"} | null, "labImage": string | null, "features": {"<feature>": {"ok", "detail"}} | null,',
    '"advice": [string]} (features: ipvs, ipip, vrrp, netsysctl, ipvsct).',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'print the diagnosis as JSON' },
  },
  async run({ args }) {
    const diagnosis = await diagnose();
    if (args.values.json) process.stdout.write(JSON.stringify(toJson(diagnosis), null, 2) + '\n');
    else printDiagnosis(diagnosis);
    return diagnosis.features ? 0 : 1;
  },
});

interface Diagnosis {
  engine: { kind: string; description: string };
  answers: boolean;
  facts?: EngineFacts;
  labImage?: string;
  features?: FeatureReport;
}

async function diagnose(): Promise<Diagnosis> {
  const engine = createLocalEngine();
  const answers = await engine.ping();
  const about = { kind: engine.kind, description: engine.description };
  if (!answers) return { engine: about, answers };
  const facts = await engineFacts(engine.docker);
  let labImage: string;
  try {
    labImage = await findLabImage({ docker: engine.docker });
  } catch (e) {
    if (!isOpslabError(e, 'IMAGE_MISSING')) throw e;
    return { engine: about, answers, facts };
  }
  return { engine: about, answers, facts, labImage, features: await probeFeatures(engine.docker, labImage) };
}

function advice(d: Diagnosis): string[] {
  if (!d.answers) return ['run `opslab engine up` to start it'];
  if (!d.labImage) return ['run `opslab engine up`: kernel features need the lab image to be probed'];
  const missing = KERNEL_ONLY_FEATURES.filter((f) => !d.features?.[f].ok);
  return missing.length ? [`${missing.join(' and ')} missing in this kernel: ${VM_ADVICE}`] : [];
}

function toJson(d: Diagnosis) {
  const docker = d.facts ? { version: d.facts.version, apiVersion: d.facts.apiVersion, kernel: d.facts.kernel, os: d.facts.os, userns: d.facts.userns } : null;
  return { engine: d.engine, answers: d.answers, docker, labImage: d.labImage ?? null, features: d.features ?? null, advice: advice(d) };
}

function printDiagnosis(d: Diagnosis): void {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`engine:    ${d.engine.description}`);
  print(`answers:   ${d.answers ? 'yes' : 'no (run `opslab engine up` to start it)'}`);
  if (!d.facts) return;
  print(`version:   Docker ${d.facts.version} (API ${d.facts.apiVersion}), kernel ${d.facts.kernel}, ${d.facts.os}`);
  print(`userns:    ${d.facts.userns ? 'yes (container root is an unprivileged host user)' : 'no (labs get read-only /proc/sys: netsysctl off)'}`);
  if (!d.labImage || !d.features) {
    print('lab image: missing (run `opslab engine up`); kernel features need it to be probed');
    return;
  }
  print(`lab image: ${d.labImage}`);
  print('kernel features:');
  for (const f of KERNEL_FEATURES) print(`  ${f.padEnd(10)} ${d.features[f].ok ? 'ok     ' : 'missing'}  ${d.features[f].detail}`);
  const missing = KERNEL_ONLY_FEATURES.filter((f) => !d.features![f].ok);
  if (missing.length > 0) print(`${missing.join(' and ')} missing in this kernel: ${VM_ADVICE}`);
}
