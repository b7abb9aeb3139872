// Lesson placeholders: {{ip.director}}, {{ip.director.lan}}, {{vip}}, {{subnet.lan}}, {{prefix.lan}}.
// The lab runtime computes the values; this module only knows the names and how to fill them in.
// A placeholder has no spaces inside its braces: `{{ inventory_hostname }}` (Jinja, Go templates)
// is left as written.
import type { LabSpec } from './schema.js';

const PLACEHOLDER = /\{\{([a-z0-9_.-]+)\}\}/g;

/** Every placeholder name the topology defines. */
export function placeholderNames(lab: LabSpec | undefined): Set<string> {
  const names = new Set<string>();
  if (!lab) return names;
  for (const net of lab.networks) {
    names.add(`subnet.${net.name}`);
    names.add(`prefix.${net.name}`);
  }
  for (const host of lab.hosts) {
    names.add(`ip.${host.name}`);
    for (const net of Object.keys(host.networks)) names.add(`ip.${host.name}.${net}`);
  }
  for (const addr of Object.keys(lab.addresses)) names.add(addr);
  return names;
}

export interface FoundPlaceholder {
  name: string;
  line: number;
  col: number;
}

export function findPlaceholders(text: string): FoundPlaceholder[] {
  const found: FoundPlaceholder[] = [];
  text.split('\n').forEach((lineText, i) => {
    for (const m of lineText.matchAll(PLACEHOLDER)) found.push({ name: m[1]!, line: i + 1, col: (m.index ?? 0) + 1 });
  });
  return found;
}

/** Fill placeholders from `values`; unknown ones stay as written so a mistake is visible. */
export function renderPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name] : undefined) ?? whole);
}
