/**
 * A partition's state changes only through the methods of `PartitionState`
 * (`src/consumer/partition-state.ts`), where its transitions are checked: no file of `src/`
 * assigns one of its fields (nor of a `FetchedChunk`) itself.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const src = resolve(import.meta.dirname, '../../../src');
const stateFile = join(src, 'consumer/partition-state.ts');

/** The writable fields declared in partition-state.ts (class fields and interface properties, `readonly` ones aside: the compiler guards those). */
function writableFields(): string[] {
  const text = readFileSync(stateFile, 'utf8');
  const fields = [
    ...text.matchAll(/^ {2}(?!readonly |private |static |get )(\w+)\??(?::[^;(=]*)?(?: = [^;]*)?;$/gm),
  ];
  return [...new Set(fields.map((m) => m[1]!))];
}

/**
 * Whether a file of `src/` can hold a partition state: it is in `consumer/` or imports from it.
 * Others (the fake cluster's own partitions, a producer batch's `retryAt`) may use the same
 * field names for their own objects.
 */
function reachesConsumer(file: string, text: string): boolean {
  return file.startsWith('consumer/') || /from '(?:\.\.?\/)+(?:[\w-]+\/)*consumer\//.test(text);
}

/** `file:line: text` of each write (`=`, `+=`, `++`, ...) to `.field` of another object than `this`. */
function writes(fields: readonly string[]): string[] {
  const names = fields.join('|');
  const assignment = new RegExp(
    `(?<!\\bthis)\\.(?:${names})\\s*(?:[-+*/%&|^]|\\*\\*|<<|>>>?|&&|\\|\\||\\?\\?)?=(?!=)|(?<!\\bthis)\\.(?:${names})\\s*(?:\\+\\+|--)|(?:\\+\\+|--)\\s*[\\w$.()[\\]!]*(?<!\\bthis)\\.(?:${names})\\b`,
  );
  const found: string[] = [];
  for (const f of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    const file = join(src, f);
    if (!f.endsWith('.ts') || file === stateFile) continue;
    const text = readFileSync(file, 'utf8');
    if (!reachesConsumer(f, text)) continue;
    text.split('\n').forEach((line, i) => {
      if (assignment.test(line)) found.push(`${relative(src, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  return found;
}

describe('partition state writes', () => {
  it('finds the fields of the partition state', () => {
    const fields = writableFields();
    for (const f of ['position', 'fetchOffset', 'generation', 'paused', 'inFlight', 'nextOffset'])
      assert.ok(fields.includes(f), `${f} not found in ${fields.join(', ')}`);
  });

  it('happen only in partition-state.ts', () => {
    assert.deepEqual(writes(writableFields()), []);
  });
});
