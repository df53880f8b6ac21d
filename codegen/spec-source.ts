/**
 * Where the message specs come from: the JSON files Apache ships inside the `kafka-clients` jar
 * of the pinned release (`common/message/*.json`), extracted once into `~/.cache/kafe/`, never
 * into the repository. Fallback: the October 2024 trunk copy in `../shared/kafka-protocol`.
 *
 * Fetch the jars with {@link jarFetchCommand}:
 * `mvn -q dependency:copy -Dartifact=org.apache.kafka:kafka-clients:4.4.0 -DoutputDirectory=$HOME/.cache/kafe/jars`
 * and the same with `3.9.2` (the legacy versions, see {@link LEGACY_RELEASE}).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from '../harness/kafka-dist.js';

/** The Apache Kafka release the committed messages are generated from. */
export const KAFKA_RELEASE = '4.4.0';

/**
 * The older release whose specs supply the versions Kafka 4.0 removed (KIP-896) and 3.x brokers
 * still serve: every version it defines below a 4.4.0 minimum is generated too (merge-legacy.ts).
 */
export const LEGACY_RELEASE = '3.9.2';

/** Where the specs were found. */
export interface SpecSource {
  /** Directory holding the `*.json` specs. */
  dir: string;
  /** Release they belong to (`KAFKA_RELEASE`, or a description of the fallback copy). */
  release: string;
  /**
   * Specs of {@link LEGACY_RELEASE} (extracted from its jar), whose older versions are merged in;
   * absent with the fallback copy.
   */
  legacyDir?: string;
  /**
   * The errors table: dumped from the jar's `Errors` enum (codegen/ErrorsDump.java, needs `java`
   * and slf4j-api next to the jar) into the cache, else `../shared/kafka-protocol/errors.tsv`
   * (which lacks the codes added after October 2024).
   */
  errorsTsv: string;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where kafe keeps the jars it fetches (`KAFE_JARS_DIR`, else `jars` in the cache root). */
export function jarsDir(): string {
  return process.env.KAFE_JARS_DIR ?? join(cacheRoot(), 'jars');
}

/** Where a jar may already be: the jars folder, a broker distribution the harness fetched, Maven's. */
function jarCandidates(file: string, release: string, mavenPath: string): string[] {
  return [
    join(jarsDir(), file),
    join(cacheRoot(), 'kafka', release, 'libs', file),
    join(homedir(), '.m2', 'repository', mavenPath, file),
  ];
}

/** A release's `kafka-clients` jar (default: the pinned one), if present locally. */
export function findClientsJar(release: string = KAFKA_RELEASE): string | undefined {
  const file = `kafka-clients-${release}.jar`;
  return jarCandidates(file, release, `org/apache/kafka/kafka-clients/${release}`).find((p) => existsSync(p));
}

/** The `mvn` command that fetches a release's `kafka-clients` jar into the cache. */
export function jarFetchCommand(release: string): string {
  return `mvn -q dependency:copy -Dartifact=org.apache.kafka:kafka-clients:${release} -DoutputDirectory=${jarsDir()}`;
}

/** The `common/message` directory of a release's specs, extracting its jar once; undefined without the jar. */
function releaseSpecDir(release: string): { dir: string; jar: string | undefined } {
  const extracted = join(cacheRoot(), 'specs', release);
  const dir = join(extracted, 'common', 'message');
  const jar = findClientsJar(release);
  if (jar !== undefined && (!existsSync(dir) || readdirSync(dir).length === 0)) {
    rmSync(extracted, { recursive: true, force: true });
    extract(jar, extracted);
  }
  return { dir, jar };
}

function extract(jar: string, target: string): void {
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    execFileSync('unzip', ['-q', '-o', jar, 'common/message/*', '-d', tmp], { stdio: 'ignore' });
  } catch {
    execFileSync('jar', ['xf', jar, 'common/message'], { cwd: tmp, stdio: 'ignore' });
  }
  mkdirSync(dirname(target), { recursive: true });
  renameSync(tmp, target);
}

function slf4jJar(): string | undefined {
  const file = 'slf4j-api-1.7.36.jar';
  return jarCandidates(file, KAFKA_RELEASE, 'org/slf4j/slf4j-api/1.7.36').find((p) => existsSync(p));
}

/** Dumps the jar's error table into `target` (errors.tsv format); false when Java or slf4j is missing. */
function dumpErrors(jar: string, target: string): boolean {
  const slf4j = slf4jJar();
  if (slf4j === undefined) return false;
  try {
    const tsv = execFileSync(
      'java',
      ['-cp', `${jar}:${slf4j}`, join(repoRoot, 'codegen', 'ErrorsDump.java')],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    if (!tsv.startsWith('code\tname')) return false;
    writeFileSync(target, tsv);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the specs: the extracted jar in the cache, else the jar (extracting it), else the shared
 * fallback copy; `undefined` when none is present (then codegen cannot run). The legacy
 * release's specs are found the same way; callers decide whether their absence is fatal.
 */
export function findSpecSource(options: { allowFallback?: boolean } = {}): SpecSource | undefined {
  const sharedErrors = resolve(repoRoot, '..', 'shared', 'kafka-protocol', 'errors.tsv');
  const { dir, jar } = releaseSpecDir(KAFKA_RELEASE);
  const jarErrors = join(cacheRoot(), 'specs', KAFKA_RELEASE, 'errors.tsv');
  if (existsSync(dir)) {
    const haveErrors = existsSync(jarErrors) || (jar !== undefined && dumpErrors(jar, jarErrors));
    const legacy = releaseSpecDir(LEGACY_RELEASE).dir;
    return {
      dir,
      release: KAFKA_RELEASE,
      errorsTsv: haveErrors ? jarErrors : sharedErrors,
      ...(existsSync(legacy) ? { legacyDir: legacy } : {}),
    };
  }
  const fallback = resolve(repoRoot, '..', 'shared', 'kafka-protocol', 'messages');
  if (options.allowFallback !== false && existsSync(fallback)) {
    return { dir: fallback, release: 'trunk 2024-10 (shared/kafka-protocol)', errorsTsv: sharedErrors };
  }
  return undefined;
}
