/**
 * The Kafka APIs the client sends, read from `src/` (everything but `kafe/testing` and the
 * generated codecs): the first argument of `send` / `sendPerBroker` / `sendWithoutResponse`,
 * the `api:` of admin fan-out requests and the API named to the group admin's request builders
 * (`groupRequest`, `partitionsOfGroup`). The count is the measure of issue 13 (Java's client
 * sends 73 API keys, franz-go 64); the floor below only rises, so an API that stops being sent
 * fails here. Each API found must be one a client may send (routing.ts), not an inter-broker one.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { routes } from '../../../src/cluster/routing.js';
import { apiKeys } from '../../../src/protocol/messages/index.js';

/** Distinct API keys the client sends today; raise it when an API is added. */
const FLOOR = 69;

const src = resolve(import.meta.dirname, '../../../src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

/** API name -> the files that send it. */
function apisSent(): Map<string, string[]> {
  const sent = new Map<string, string[]>();
  const call =
    /(?:send|sendPerBroker|sendWithoutResponse|groupRequest)(?:<[^>]*>)?\(\s*'([A-Za-z]+)'|\bapi: '([A-Za-z]+)'|partitionsOfGroup\([^,()]+,\s*'([A-Za-z]+)'/g;
  for (const file of files(src)) {
    if (file.includes('/testing/') || file.includes('/protocol/messages/')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(call)) {
      const api = (m[1] ?? m[2] ?? m[3])!;
      if (!Object.hasOwn(apiKeys, api)) continue;
      sent.set(api, [...(sent.get(api) ?? []), file.slice(src.length + 1)]);
    }
  }
  return sent;
}

describe('API keys the client sends', () => {
  const sent = apisSent();

  it(`sends at least ${FLOOR} distinct API keys`, () => {
    const names = [...sent.keys()].sort();
    assert.ok(names.length >= FLOOR, `${names.length} API keys: ${names.join(', ')}`);
  });

  it('sends only APIs routed to clients (none of the inter-broker ones)', () => {
    for (const [api, where] of sent) {
      assert.notEqual(
        routes[api as keyof typeof routes],
        'inter-broker',
        `${api} sent from ${where.join(', ')}`,
      );
    }
  });
});
