/**
 * A `node:test` reporter for scripts/kafkajs-specs.ts: one JSON line per test that ended (not
 * per suite), with its name, the names of its suites, and the first line of its error. Plain
 * JavaScript: Node loads reporters before any loader hook, so it cannot be TypeScript.
 */
export default async function* reporter(source) {
  const suites = [];
  // A file failing as a whole (a require at its top throws) reports "test failed"; its stderr says why.
  let stderrError;
  for await (const event of source) {
    if (event.type === 'test:stderr' || event.type === 'test:diagnostic')
      stderrError ??= String(event.data.message ?? event.data.msg ?? '')
        .split('\n')
        .map((l) => l.trim())
        .find((l) => /^\w*Error: /.test(l));
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
    let message = event.type === 'test:fail' ? String(cause?.message ?? cause) : undefined;
    if (message === 'test failed' && stderrError !== undefined) message = stderrError;
    yield `${JSON.stringify({
      name: data.name,
      suites: suites.slice(0, data.nesting),
      outcome,
      error: process.env.FULL_ERRORS ? message : message?.split('\n').find((l) => l.trim() !== ''),
    })}\n`;
  }
}
