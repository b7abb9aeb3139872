// The curriculum format, as zod schemas. The JSON Schema files in curricula/schema/ are
// generated from these (`opslab schema`), so authors get completion in their editor.
import { z } from 'zod';
import { TOPOLOGY_NAME } from '../../shared/code-fence.js';
import { faultsSchema } from './drill.js';

/**
 * Not a property every JavaScript object has (`constructor` is the one these patterns let through):
 * ids and names key plain-object tables all over the platform (a lab's subnets and addresses, the
 * lab view's readings per host, a submission's scripts per host, the web app's results per task),
 * where such a name is found before anything was put there.
 */
const notObjectProperty = (s: string) => !(s in Object.prototype);
const OBJECT_PROPERTY = 'is a property of every JavaScript object, which the platform would confuse with it: choose another name';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and dashes (e.g. lvs-dr)')
  .refine(notObjectProperty, OBJECT_PROPERTY)
  .describe('Stable identifier: lower-case letters, digits and dashes.');

const name = z
  .string()
  .regex(TOPOLOGY_NAME, 'names start with a letter and use lower-case letters, digits and dashes (max 31)')
  .refine(notObjectProperty, OBJECT_PROPERTY);

const markdown = z.string().min(1).describe('Markdown text.');
const scriptPath = z
  .string()
  .regex(/^[A-Za-z0-9_./-]+\.sh$/, 'a script is a relative path to a .sh file, such as scripts/check-nginx.sh')
  .refine((p) => !p.split('/').includes('..') && !p.startsWith('/'), 'a script path must stay inside the exercise folder')
  .describe('Path of a shell script, relative to the exercise folder.');

const hostRef = z
  .union([name, z.array(name).min(1)])
  .describe('A host name of the lab topology, or a list of them (the script runs on each, in order).');

export const KERNEL_FEATURE_NAMES = ['ipvs', 'ipip', 'vrrp', 'netsysctl', 'ipvsct'] as const;

// ---------------------------------------------------------------- roadmap

export const moduleSchema = z.strictObject({
  id,
  title: z.string().min(1),
  summary: z.string().min(1).optional(),
  lesson: z
    .string()
    .regex(/\.md$/, 'a lesson is a Markdown file (.md)')
    .describe('Path of the module lesson, relative to roadmap.yaml.'),
  prerequisites: z.array(id).default([]).describe('Ids of modules to finish first.'),
  exercises: z.array(id).default([]).describe('Ids of exercises (folders next to roadmap.yaml), in teaching order.'),
});

export const stageSchema = z.strictObject({
  id,
  title: z.string().min(1),
  summary: z.string().min(1).optional(),
  modules: z.array(moduleSchema).min(1),
});

const coursePreludePath = z
  .string()
  .regex(/^[A-Za-z0-9_./-]+\.sh$/, 'a prelude is a relative path to a .sh file, such as lib/lvs.sh')
  .refine((p) => !p.split('/').includes('..') && !p.startsWith('/'), 'a prelude path must stay inside the course folder')
  .describe('Path of a shell file of functions, relative to roadmap.yaml.');

export const roadmapSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id,
    title: z.string().min(1),
    summary: z.string().min(1).optional(),
    prelude: z
      .array(coursePreludePath)
      .default([])
      .describe(
        "Shell functions shared by every exercise of the course (e.g. [lib/web.sh, lib/lvs.sh]): prepended, in this order, to every setup, check and solve script of the course, before the exercise's own prelude. Define functions only.",
      ),
    stages: z.array(stageSchema).min(1),
  })
  .describe('opslab roadmap: stages → modules → exercises.');

// ---------------------------------------------------------------- exercise

export const networkSchema = z.strictObject({
  name,
  prefix: z
    .number()
    .int()
    .min(24)
    .max(28)
    .default(24)
    .describe('Prefix length of the subnet the lab gets for this network (24 to 28).'),
});

export const hostSchema = z.strictObject({
  name,
  image: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .default('lab')
    .describe('Lab image to run (images/<image>/); "lab" by default.'),
  networks: z
    .record(name, z.number().int().describe('Host offset in the subnet: 10 means .10 in a /24.'))
    .refine((r) => Object.keys(r).length > 0, 'a host needs at least one network')
    .describe('Network name → host offset. The first network is the host\'s main one ($HOST_IP).'),
});

export const addressSchema = z.strictObject({
  network: name,
  offset: z.number().int(),
});

export const runStepSchema = z.strictObject({
  host: hostRef,
  script: scriptPath,
});

export const labSchema = z.strictObject({
  networks: z.array(networkSchema).min(1),
  hosts: z.array(hostSchema).min(1).max(8),
  addresses: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, 'address names use lower-case letters, digits and _ (vip, vip2)'),
      addressSchema,
    )
    .default({})
    .describe('Extra named addresses, such as a VIP: `$VIP` in scripts, {{vip}} in lessons.'),
  setup: z.array(runStepSchema).default([]).describe('Scripts run as root when the lab starts, in this order.'),
});

export const checkSchema = z.strictObject({
  name: z.string().min(1).describe('What the check proves, as the learner reads it.'),
  host: name.describe('Host the check script runs on.'),
  script: scriptPath,
  timeout: z.number().positive().max(120).default(10).describe('Seconds before the check counts as an error.'),
});

export const answerSchema = z.union([
  z.strictObject({ choice: id.describe("The id of the right choice (a quiz with `choices`): matched by id, whatever the language of the choice's text.") }),
  z.strictObject({ exact: z.string().min(1), caseSensitive: z.boolean().default(false) }),
  z.strictObject({
    regex: z
      .string()
      .min(1)
      .describe('Accepted when this matches somewhere in the answer (anchor it with ^ and $). JavaScript syntax as with the u flag, matched by a linear-time engine (RE2): no lookaround, no backreferences.'),
    flags: z.string().regex(/^[imsu]*$/).default('i'),
    unless: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Refused when any of these matches, even if `regex` does (what a lookahead such as ^(?!.*\\bmac\\b) said: unless: [\'^.*\\bmac\\b\']). Same flags as `regex`.'),
  }),
  z.strictObject({
    number: z.number(),
    tolerance: z.number().nonnegative().default(0),
    unit: z.string().min(1).optional(),
  }),
]);

/** A choice of a quiz; translations key its text by the id. */
export const choiceSchema = z.strictObject(
  {
    id: id.describe('Stable id of the choice (a, b, c ...): answers and translations name the choice by it.'),
    text: z.string().min(1).describe('What the learner reads (Markdown not rendered).'),
  },
  {
    error: (iss) =>
      iss.code === 'invalid_type' ? 'a choice is an id and a text (- id: a ⏎ text: NAT only); the right ones are named by id in answers (- choice: a)' : undefined,
  },
);

export const quizSchema = z.strictObject({
  question: markdown,
  choices: z.array(choiceSchema).min(2).optional().describe('Offer these as choices; answers then name the right ones by id (`- choice: a`).'),
  answers: z.array(answerSchema).min(1).describe('Any one of these is accepted.'),
  explanation: markdown.describe('Shown once the learner has answered.'),
});

export const taskSchema = z.strictObject({
  id,
  title: z.string().min(1),
  text: markdown,
  checks: z.array(checkSchema).min(1).optional(),
  hints: z.array(markdown).default([]).describe('Progressive hints, gentlest first.'),
  solve: z.array(runStepSchema).default([]).describe('Scripts that solve the task (self-test and "show solution").'),
  quiz: quizSchema.optional(),
  faults: faultsSchema.optional(),
});

export const exerciseSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id,
    title: z.string().min(1),
    summary: z.string().min(1),
    difficulty: z.enum(['beginner', 'intermediate', 'advanced']).default('beginner'),
    minutes: z.number().int().positive().default(20).describe('Typical time to finish.'),
    draft: z
      .boolean()
      .default(false)
      .describe('Work in progress: validated and self-testable by id, but not listed in roadmap.yaml and not self-tested by CI. Remove it when the exercise goes into a module.'),
    requires: z
      .array(z.enum(KERNEL_FEATURE_NAMES))
      .default([])
      .describe('Kernel features the lab needs: ipvs, ipip, vrrp, netsysctl, ipvsct (net.ipv4.vs.conntrack settable in a lab, for full NAT).'),
    lesson: z.string().regex(/\.md$/).default('lesson.md'),
    prelude: scriptPath
      .optional()
      .describe("Shell functions shared by this exercise's scripts: prepended to every setup, check and solve script, after the course's prelude (roadmap.yaml). Define functions only."),
    lab: labSchema.optional(),
    tasks: z.array(taskSchema).min(1),
  })
  .describe('opslab exercise: lesson, lab topology and checked tasks.');

export type Roadmap = z.output<typeof roadmapSchema>;
export type ExerciseSpec = z.output<typeof exerciseSchema>;
export type LabSpec = z.output<typeof labSchema>;
export type TaskSpec = z.output<typeof taskSchema>;
export type CheckSpec = z.output<typeof checkSchema>;
export type QuizSpec = z.output<typeof quizSchema>;
export type Answer = z.output<typeof answerSchema>;
export type QuizChoiceSpec = z.output<typeof choiceSchema>;
export type RunStep = z.output<typeof runStepSchema>;
