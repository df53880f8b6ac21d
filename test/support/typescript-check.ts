/** Runs the project's TypeScript compiler on a folder's `tsconfig.json`, for tests that compile code they write. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(import.meta.dirname, '../..');

/** The compiler's diagnostics for `dir/tsconfig.json`, '' when it compiles. */
export function compilerErrors(dir: string): Promise<string> {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  return promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
}
