// `opslab settings [--markdown | --check | --json]`: every environment variable opslab reads, the
// value in effect (secrets masked) and what it is for, from the one schema in server/config.ts.
import { describeSettings, SETTING_NAMES, settingsTable } from '../config.js';
import { terminalSafe } from '../check/terminal-text.js';
import { defineCommand } from './command.js';

export const command = defineCommand({
  name: 'settings',
  summary: 'every setting (environment variable): the value in effect, secrets masked, and its use',
  details: [
    'Every command reads the settings once, before it starts; a bad value stops it with exit 2 and',
    "a line naming the variable and what it takes (this command too: that is what --check is for).",
    'With --json: [{"env", "value", "set", "doc"}] ("set": false means the default is in effect).',
  ].join('\n'),
  options: {
    check: { type: 'boolean', description: 'print nothing but the verdict: exit 0 when every setting is good, 2 naming every bad one' },
    markdown: { type: 'boolean', description: "print the README's configuration table (defaults, not values in effect)" },
    json: { type: 'boolean', description: 'print them as JSON' },
  },
  check: ({ values }) => ([values.check, values.markdown, values.json].filter(Boolean).length > 1 ? 'give one of --check, --markdown and --json' : undefined),
  async run({ args }) {
    // The runner has parsed every setting by now: a bad one never gets here.
    const { values } = args;
    if (values.check) process.stdout.write(`ok: ${SETTING_NAMES.length} settings, every one good\n`);
    else if (values.markdown) process.stdout.write(settingsTable());
    else if (values.json) process.stdout.write(JSON.stringify(describeSettings(), null, 2) + '\n');
    else process.stdout.write(settingsText());
    return 0;
  },
});

function settingsText(): string {
  const rows = describeSettings().map((r) => ({ ...r, value: terminalSafe(r.value, { oneLine: true }) || '-' }));
  const nameWidth = Math.max(...rows.map((r) => r.env.length));
  const valueWidth = Math.min(30, Math.max(...rows.map((r) => r.value.length)));
  return rows.map((r) => `${r.env.padEnd(nameWidth)}  ${(r.set ? 'set' : 'default').padEnd(7)}  ${r.value.padEnd(valueWidth)}  ${r.doc}\n`).join('');
}
