// Kubernetes manifests read as the API server would read them, for test/deploy: YAML documents
// parsed, each checked against the Kubernetes schemas for its kind (kubernetes-models: the API's
// OpenAPI schemas compiled to validators), and, since those validators let unknown fields through
// (the API server's strict field validation would refuse them), type-checked with TypeScript
// against the same models' interfaces, where a misspelt or misplaced field is an excess property.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** One YAML document of a manifest file. */
export interface Manifest {
  /** Relative to the repository, with the document's index when the file has several: `a.yaml#1`. */
  where: string;
  apiVersion: string;
  kind: string;
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: a manifest is whatever its YAML says; tests read it by path
  body: any;
}

/** Kinds the tests know how to validate: `apiVersion kind` → the model class and its module. */
const MODELS: Record<string, { model: new (data: never) => { validate(): void }; module: string }> = {
  'v1 Namespace': { model: Namespace, module: 'kubernetes-models/v1/Namespace' },
  'v1 ConfigMap': { model: ConfigMap, module: 'kubernetes-models/v1/ConfigMap' },
  'v1 Secret': { model: Secret, module: 'kubernetes-models/v1/Secret' },
  'v1 Service': { model: Service, module: 'kubernetes-models/v1/Service' },
  'apps/v1 Deployment': { model: Deployment, module: 'kubernetes-models/apps/v1/Deployment' },
  'apps/v1 StatefulSet': { model: StatefulSet, module: 'kubernetes-models/apps/v1/StatefulSet' },
  'networking.k8s.io/v1 Ingress': { model: Ingress, module: 'kubernetes-models/networking.k8s.io/v1/Ingress' },
  'networking.k8s.io/v1 NetworkPolicy': { model: NetworkPolicy, module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy' },
  'policy/v1 PodDisruptionBudget': { model: PodDisruptionBudget, module: 'kubernetes-models/policy/v1/PodDisruptionBudget' },
};

/** kustomize's own file: not an API object, checked on its own (test/deploy). */
export const KUSTOMIZATION = 'kustomize.config.k8s.io/v1beta1 Kustomization';

/** Every `.yaml` file under `dir`, relative to the repository, sorted. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir))
    .flatMap((name) => {
      const rel = path.join(dir, name);
      if (statSync(path.join(ROOT, rel)).isDirectory()) return yamlFiles(rel);
      return /\.ya?ml$/.test(name) ? [rel] : [];
    })
    .sort();
}

/**
 * The documents of YAML `text`. Kubernetes reads YAML 1.1 (`on` is true, `0440` octal), the yaml
 * package 1.2 by default: a document that reads differently in the two is a problem, as is any
 * syntax error.
 */
export function parseManifests(text: string, file: string): { manifests: Manifest[]; problems: string[] } {
  const problems: string[] = [];
  const read = (version: '1.1' | '1.2') => parseAllDocuments(text, { version, prettyErrors: true });
  const docs12 = read('1.2');
  const docs11 = read('1.1');
  if (!Array.isArray(docs12) || !Array.isArray(docs11)) return { manifests: [], problems: [`${file}: not a YAML stream`] };
  const manifests: Manifest[] = [];
  docs12.forEach((doc, i) => {
    const where = docs12.length > 1 ? `${file}#${i}` : file;
    for (const e of doc.errors) problems.push(`${where}: ${e.message}`);
    const body = doc.toJS();
    if (body === null || body === undefined) return; // an empty document (a trailing ---)
    if (JSON.stringify(body) !== JSON.stringify(docs11[i]?.toJS())) problems.push(`${where}: reads differently as YAML 1.1 (what Kubernetes reads): quote the value`);
    manifests.push({ where, apiVersion: String(body.apiVersion), kind: String(body.kind), name: String(body.metadata?.name ?? ''), body });
  });
  return { manifests, problems };
}

/** Every document of every YAML file under `dir`. */
export function loadManifests(dir: string): { manifests: Manifest[]; problems: string[] } {
  const all = yamlFiles(dir).map((f) => parseManifests(readFileSync(path.join(ROOT, f), 'utf8'), f));
  return { manifests: all.flatMap((r) => r.manifests), problems: all.flatMap((r) => r.problems) };
}

/** What is wrong with one manifest by the Kubernetes schemas: nothing ([]), or why (an unknown kind included). */
export function schemaProblems(m: Manifest): string[] {
  const key = `${m.apiVersion} ${m.kind}`;
  if (key === KUSTOMIZATION) return [];
  const known = MODELS[key];
  if (!known) return [`${m.where}: ${key} is a kind this test does not know how to validate (add it to MODELS in test/helpers/manifests.ts)`];
  try {
    new known.model(m.body as never).validate();
    return [];
  } catch (e) {
    return [`${m.where} (${m.kind} ${m.name}): ${(e as Error).message}`];
  }
}

/**
 * Fields the Kubernetes API does not know, and values of the wrong type, found by type-checking
 * each manifest as an object literal of its kind's interface (TypeScript's excess property check
 * reaches every nested object). Manifests of unknown kinds are left to schemaProblems.
 */
export function fieldProblems(manifests: Manifest[]): string[] {
  const sources = new Map<string, { text: string; where: string }>();
  manifests.forEach((m, i) => {
    const known = MODELS[`${m.apiVersion} ${m.kind}`];
    if (!known) return;
    const iface = `I${m.kind}`;
    const file = path.join(ROOT, 'test', 'deploy', `__manifest_${i}.ts`);
    sources.set(file, { where: m.where, text: `import type { ${iface} } from '${known.module}';\nexport const manifest: ${iface} = ${JSON.stringify(m.body, null, 2)};\n` });
  });
  if (sources.size === 0) return [];
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => sources.has(f) || fileExists(f);
  host.readFile = (f) => sources.get(f)?.text ?? readFile(f);
  host.getSourceFile = (f, lang, ...rest) => {
    const virtual = sources.get(f);
    return virtual ? ts.createSourceFile(f, virtual.text, lang) : getSourceFile(f, lang, ...rest);
  };
  const program = ts.createProgram({ rootNames: [...sources.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const virtual = d.file && sources.get(d.file.fileName);
    if (!virtual || d.start === undefined) return message;
    // The path to the field: the chain of keys above the error in the generated literal.
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start);
    return `${virtual.where}: ${fieldPath(virtual.text, line)}: ${message}`;
  });
}

/** `spec.template.spec.containers[0]...`-ish: the keys of the lines enclosing `line` in pretty JSON. */
function fieldPath(text: string, line: number): string {
  const lines = text.split('\n');
  const keys: string[] = [];
  let indent = Number.POSITIVE_INFINITY;
  for (let i = line; i >= 0 && indent > 0; i--) {
    const m = /^(\s*)"([^"]+)":/.exec(lines[i] ?? '');
    if (m && m[1]!.length < indent) {
      keys.unshift(m[2]!);
      indent = m[1]!.length;
    }
  }
  return keys.join('.');
}

/** The pod template of every workload, with who owns it (`Kind/name`). */
export function podTemplates(manifests: Manifest[]): { owner: string; spec: Manifest['body'] }[] {
  return manifests.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(m.kind)).map((m) => ({ owner: `${m.kind}/${m.name}`, spec: m.body.spec.template.spec }));
}
