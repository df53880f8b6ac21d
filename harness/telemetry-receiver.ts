/**
 * The KIP-714 telemetry receiver the 4.x test brokers load (`telemetry-receiver/KafeTelemetryReceiver.java`):
 * compiled once per Kafka release with the machine's `javac` against the release's jars, into
 * kafe's cache, keyed by a hash of the source so an edit recompiles it. Each node writes what
 * clients push to `telemetry.jsonl` in its folder (see `KafkaCluster#telemetryFile`).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot, type KafkaDistribution } from './kafka-dist.js';

const run = promisify(execFile);
const source = join(import.meta.dirname, 'telemetry-receiver', 'KafeTelemetryReceiver.java');

/** The receiver's class name, for `metric.reporters`. */
export const TELEMETRY_RECEIVER_CLASS = 'KafeTelemetryReceiver';

/** The broker property naming the file the receiver appends to. */
export const TELEMETRY_FILE_PROPERTY = 'kafe.telemetry.file';

/** Compiles the receiver for `dist` if needed; returns the class folder to add to the class path. */
export async function ensureTelemetryReceiver(dist: KafkaDistribution): Promise<string> {
  const hash = createHash('sha256')
    .update(await readFile(source))
    .digest('hex')
    .slice(0, 12);
  const dir = join(cacheRoot(), 'telemetry-receiver', dist.release.version, hash);
  if (existsSync(join(dir, `${TELEMETRY_RECEIVER_CLASS}.class`))) return dir;
  await mkdir(dir, { recursive: true });
  try {
    await run('javac', ['-nowarn', '-d', dir, '-cp', dist.classpath, source], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const out = error as { stderr?: string };
    throw new Error(`javac could not compile the telemetry receiver:\n${out.stderr ?? ''}`, { cause: error });
  }
  return dir;
}
