// `opslab doctor`: what the local engine can do for labs, and what to do about what it cannot.
// It diagnoses only: it starts nothing and builds nothing (that is `opslab engine up`).
import { isOpslabError } from '../errors.js';
import { findLabImage } from '../engine/images.js';
import { createLocalEngine } from '../engine/local.js';
import { engineFacts, probeFeatures } from '../engine/probe.js';
import { KERNEL_FEATURES, KERNEL_ONLY_FEATURES, type FeatureReport } from '../engine/types.js';

const VM_ADVICE = 'use the vm engine: opslab engine up --engine vm';

type Print = (line: string) => void;

export async function doctorCommand(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write('usage: opslab doctor\n');
    return 2;
  }
  const print: Print = (line) => process.stdout.write(`${line}\n`);
  try {
    return await doctor({ print });
  } catch (e) {
    process.stderr.write(`error: ${isOpslabError(e) ? `${e.message} [${e.code}]` : String(e)}\n`);
    return 1;
  }
}

async function doctor(props: { print: Print }): Promise<number> {
  const { print } = props;
  const engine = createLocalEngine();
  const answers = await engine.ping();
  print(`engine:    ${engine.description}`);
  print(`answers:   ${answers ? 'yes' : 'no (run `opslab engine up` to start it)'}`);
  if (!answers) return 1;
  const facts = await engineFacts(engine.docker);
  print(`version:   Docker ${facts.version} (API ${facts.apiVersion}), kernel ${facts.kernel}, ${facts.os}`);
  print(`userns:    ${facts.userns ? 'yes (container root is an unprivileged host user)' : 'no (labs get read-only /proc/sys: netsysctl off)'}`);
  let image: string;
  try {
    image = await findLabImage({ docker: engine.docker });
  } catch (e) {
    if (!isOpslabError(e, 'IMAGE_MISSING')) throw e;
    print(`lab image: missing (run \`opslab engine up\`); kernel features need it to be probed`);
    return 1;
  }
  print(`lab image: ${image}`);
  printFeatures({ print, report: await probeFeatures(engine.docker, image) });
  return 0;
}

function printFeatures(props: { print: Print; report: FeatureReport }): void {
  const { print, report } = props;
  print('kernel features:');
  for (const f of KERNEL_FEATURES) {
    print(`  ${f.padEnd(10)} ${report[f].ok ? 'ok     ' : 'missing'}  ${report[f].detail}`);
  }
  const missing = KERNEL_ONLY_FEATURES.filter((f) => !report[f].ok);
  if (missing.length > 0) print(`${missing.join(' and ')} missing in this kernel: ${VM_ADVICE}`);
}
