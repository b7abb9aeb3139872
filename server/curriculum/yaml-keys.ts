// Repeated keys in a course's YAML, found in linear time. The yaml package finds them too
// (uniqueKeys, its default), but compares each key of a mapping with every earlier one: a 1 MiB file
// of 100 000 keys held the server's main thread for minutes. YamlFile turns that check off and asks here.
import { isScalar, visit, type Document } from 'yaml';

/**
 * Where a mapping repeats a key (the yaml package's DUPLICATE_KEY, which it finds in quadratic time):
 * the offset of each repeat. Scalar keys are compared by value, as the package does; others never equal.
 */
export function duplicateKeys(doc: Document.Parsed): number[] {
  const found: number[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const it of map.items) {
        if (!isScalar(it.key)) continue;
        const value = it.key.value;
        if (seen.has(value) && !Number.isNaN(value)) found.push(it.key.range?.[0] ?? 0);
        seen.add(value);
      }
    },
  });
  return found;
}
