/**
 * A `node:test` reporter for scripts/kafkajs-specs.ts: one JSON line per test that ended (not
 * per suite), with its name, the names of its suites, and the first line of its error. Plain
 * JavaScript: Node loads reporters before any loader hook, so it cannot be TypeScript.
 */
export default async function* reporter(source) {
  const suites = [];
  for await (const event of source) {
    if (event.type === 'test:start') suites[event.data.nesting] = event.data.name;
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data;
    if (data.details.type === 'suite') continue;
    const error = data.details.error;
    const cause = error?.cause instanceof Error ? error.cause : error;
    const outcome =
      data.skip !== undefined || data.todo !== undefined
        ? 'skipped'
        : event.type === 'test:pass'
          ? 'passed'
          : 'failed';
    const message = event.type === 'test:fail' ? String(cause?.message ?? cause) : undefined;
    yield `${JSON.stringify({
      name: data.name,
      suites: suites.slice(0, data.nesting),
      outcome,
      error: message?.split('\n').find((l) => l.trim() !== ''),
    })}\n`;
  }
}
