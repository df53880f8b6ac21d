import { execFileSync } from 'node:child_process';

/**
 * Runs the ES module `lines` in a child Node started with `--jitless` (no WebAssembly there)
 * and returns the JSON it printed on its last line: how tests see the TypeScript fallbacks of
 * the WebAssembly loops taken.
 */
export function runJitless(lines: readonly string[]): unknown {
  const out = execFileSync(
    process.execPath,
    ['--jitless', '--import', 'tsx', '--input-type=module', '-e', lines.join('\n')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string);
}
