/**
 * Starts and talks to the Java helper (src/KafkaAgreement.java): one JVM per test run, requests
 * pipelined as JSON lines on its stdin, answers read in order from its stdout.
 *
 * Building it: the jars (kafka-clients 4.4.0, or 3.9.2 for the versions Kafka 4.0 removed, and
 * the Jackson 4.4.0 was built with; see pom.xml) are resolved by `mvn dependency:copy-dependencies`
 * into `~/.cache/kafe/jars` (KAFE_JARS_DIR, else `jars` under KAFE_CACHE_DIR) only when missing;
 * `javac` compiles the helper against them into `~/.cache/kafe/java-agreement/<hash of source and jars>/`, so later
 * runs start at once. One JVM holds one kafka-clients jar: a second oracle serves 3.9.2.
 * Nothing here is committed build output.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { jarsDir } from '../../codegen/spec-source.js';
import { cacheRoot } from '../../harness/kafka-dist.js';
import type { Json, UnknownTagsAt } from './java-json.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(HERE, 'src', 'KafkaAgreement.java');
const POM = join(HERE, 'pom.xml');

/** The kafka-clients release whose serializers the agreement test follows. */
export const CURRENT_RELEASE = '4.4.0';

/**
 * The older release whose serializers check the versions Kafka 4.0 removed (KIP-896), which
 * kafe generates from that release's specs (codegen/merge-legacy.ts).
 */
export const LEGACY_RELEASE = '3.9.2';

/**
 * The jars `mvn` copies from pom.xml's dependencies (file names as Maven writes them), with the
 * kafka-clients release chosen by the pom's `kafka.version` property. Kafka 3.9 was built with
 * Jackson 2.16; its converters use no API 2.21 lacks, so one set of Jackson jars serves both.
 */
export function requiredJars(release: string): string[] {
  return [
    `kafka-clients-${release}.jar`,
    'jackson-databind-2.21.7.jar',
    'jackson-core-2.21.7.jar',
    'jackson-annotations-2.21.jar',
    // 3.9's MemoryRecords logs through slf4j from its static initializer (Fetch/Produce records).
    'slf4j-api-1.7.36.jar',
  ];
}

/** One answer from the helper. */
export interface OracleReply {
  readonly id: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly hex?: string;
  readonly json?: Json;
  readonly spec?: string;
  readonly lowest?: number;
  readonly highest?: number;
  readonly names?: string[];
  readonly unknownTags?: UnknownTagsAt[];
}

/** A request to the helper (see the op list at the top of KafkaAgreement.java). */
export type OracleRequest =
  | {
      readonly op: 'encode';
      readonly name: string;
      readonly version: number;
      readonly json: Json;
      readonly unknownTags?: UnknownTagsAt[];
    }
  | { readonly op: 'decode'; readonly name: string; readonly version: number; readonly hex: string }
  | { readonly op: 'spec' | 'versions'; readonly name: string }
  | { readonly op: 'list' };

function run(command: string, args: readonly string[], timeoutMs: number): string {
  return execFileSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
}

function failureText(error: unknown): string {
  const e = error as { stderr?: string; stdout?: string; message?: string };
  const out = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim();
  return (out || e.message || String(error)).split('\n').slice(-15).join('\n');
}

/**
 * The jars the helper needs for `release` (see {@link requiredJars}), resolved by `mvn` into
 * {@link jarsDir} only when one is missing; returns their paths. `npm test` calls this for both
 * releases before the unit tests, which also need the kafka-clients jars for their specs.
 */
export function resolveJars(release: string): string[] {
  const dir = jarsDir();
  const jars = requiredJars(release).map((j) => join(dir, j));
  if (jars.every((j) => existsSync(j))) return jars;
  mkdirSync(dir, { recursive: true });
  try {
    run(
      'mvn',
      [
        '-q',
        '-B',
        '-Dstyle.color=never',
        '-f',
        POM,
        'dependency:copy-dependencies',
        '-DexcludeTransitive=true',
        `-Dkafka.version=${release}`,
        `-DoutputDirectory=${dir}`,
      ],
      300_000,
    );
  } catch (error) {
    throw new Error(`mvn could not resolve the kafka-clients jars into ${dir}:\n${failureText(error)}`);
  }
  const missing = jars.filter((j) => !existsSync(j));
  if (missing.length) throw new Error(`mvn ran but these jars are still missing: ${missing.join(', ')}`);
  return jars;
}

/** Resolves the jars and compiles the helper (only if not cached); returns the classpath. */
function build(release: string): string {
  const required = requiredJars(release);
  const jars = resolveJars(release);
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).update(required.join(':')).digest('hex').slice(0, 16);
  const classes = join(cacheRoot(), 'java-agreement', hash);
  const classpath = [classes, ...jars].join(':');
  if (!existsSync(join(classes, 'KafkaAgreement.class'))) {
    // Compile into a temporary folder and rename, so a concurrent or interrupted run never
    // leaves a half-written cache behind.
    const tmp = `${classes}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
      run('javac', ['-nowarn', '-d', tmp, '-cp', jars.join(':'), SOURCE], 120_000);
      rmSync(classes, { recursive: true, force: true });
      renameSync(tmp, classes);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`javac failed on ${SOURCE}:\n${failureText(error)}`);
    }
  }
  return classpath;
}

/** A running helper JVM. */
export class JavaOracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: { id: number; resolve: (r: OracleReply) => void; reject: (e: Error) => void }[] =
    [];
  private nextId = 1;
  private stderr = '';
  private exited: Error | undefined;

  private constructor(classpath: string) {
    // C1 only and the serial collector: the work is small, the machine has two cores, and
    // a quick start matters more than peak speed.
    this.child = spawn(
      'java',
      ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', classpath, 'KafkaAgreement'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line));
    this.child.on('error', (error) => this.fail(error));
    this.child.on('exit', (code, signal) =>
      this.fail(new Error(`Java helper exited (${signal ?? code}): ${this.stderr}`)),
    );
  }

  /**
   * Builds and starts the helper on `release`'s kafka-clients jar, or says why it cannot: the
   * returned string is the skip reason (no Java, no javac, mvn cannot reach the jars).
   */
  static start(release: string = CURRENT_RELEASE): JavaOracle | string {
    for (const tool of ['java', 'javac']) {
      try {
        run(tool, ['-version'], 30_000);
      } catch {
        return `${tool} is not installed (needed to compare with Apache Kafka's serializers)`;
      }
    }
    let classpath: string;
    try {
      classpath = build(release);
    } catch (error) {
      return (error as Error).message;
    }
    return new JavaOracle(classpath);
  }

  private onLine(line: string): void {
    const waiting = this.pending.shift();
    if (!waiting) return;
    let reply: OracleReply;
    try {
      reply = JSON.parse(line) as OracleReply;
    } catch {
      waiting.reject(new Error(`unparseable line from the Java helper: ${line.slice(0, 200)}`));
      return;
    }
    if (reply.id !== waiting.id) {
      waiting.reject(new Error(`Java helper answered id ${reply.id}, expected ${waiting.id}`));
      return;
    }
    waiting.resolve(reply);
  }

  private fail(error: Error): void {
    this.exited ??= error;
    for (const waiting of this.pending.splice(0)) waiting.reject(error);
  }

  /** Sends one request; answers arrive in order, so many can be in flight at once. */
  request(request: OracleRequest): Promise<OracleReply> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.push({ id, resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /** Ends the JVM (closing stdin makes it finish its loop and exit). */
  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await done;
  }
}
