#!/usr/bin/env node
/**
 * The `kafe` executable (package.json `bin`): runs the command line with the process's streams,
 * stops long commands cleanly on Ctrl-C / SIGTERM, and exits with the command's code.
 */
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code of kafe's modules in a cache directory (os.tmpdir()), so
// later commands skip compiling them: about 0.1 s of every short command's 0.2-0.3 s start.
// Enabled before the rest is imported (hence the dynamic import); Node 20 has no such cache.
// Typed by hand: @types/node 20 predates it.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { runCli } = await import('./run-cli.js');

const stop = new AbortController();
const interrupt = () => stop.abort();
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);
// A reader that went away (`kafe consume ... | head`) ends the command, not with an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') stop.abort();
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: stop.signal,
});
process.exitCode = code;
// Whatever still holds the event loop (a stdin left open by a terminal) must not keep a finished
// command alive; unref'd, this timer does not hold it either.
setTimeout(() => process.exit(code), 1000).unref();
