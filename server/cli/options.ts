// Options several commands share, declared once so their words and checks are the same everywhere.
import { settingKind } from '../config.js';
import { type StringOption, text } from './command.js';

export const curriculumOption = {
  type: 'string',
  value: 'DIR',
  kind: text,
  description: 'the curriculum folder (default: OPSLAB_CURRICULUM, else curricula)',
} as const satisfies StringOption<string>;

export const engineModeOption = {
  type: 'string',
  value: 'auto|local|vm',
  kind: settingKind('engine'),
  description: 'which engine runs the labs (default: OPSLAB_ENGINE, else auto)',
} as const satisfies StringOption<'auto' | 'local' | 'vm'>;

