// The CLI's labs (label instance "cli", so a running server's labs are never touched): the
// curriculum, the engines and a lab manager that adopts what earlier commands left. `lab`, `check`
// and the lab view's commands open them here.
import type { Settings } from '../config.js';
import { loadCurriculum } from '../curriculum/index.js';
import { createEngines } from '../engine/connect.js';
import { createLabManager } from '../platform.js';
import { curriculumOption, engineModeOption } from './options.js';

export const CLI_INSTANCE = 'cli';

/** The options every command that opens the CLI's labs takes. */
export const labOptions = { engine: engineModeOption, curriculum: curriculumOption } as const;

/** The curriculum, the engines and the CLI's labs (adopted, never reaped); close labs, then engines. */
export async function cliLabs(props: { settings: Settings; engine?: Settings['engine']; curriculum?: string }) {
  const { settings } = props;
  const { curriculum } = loadCurriculum(props.curriculum ?? settings.curriculumDir);
  const engines = await createEngines({ mode: props.engine ?? settings.engine });
  const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: CLI_INSTANCE, log: (line, fields) => process.stderr.write(`${fields?.lab ? `${fields.lab}: ` : ''}${line}\n`) });
  await labs.reconcile({ adoptOnly: true });
  return { curriculum, engines, labs };
}

