/**
 * Fetches an Apache Kafka release from Maven Central with the machine's `mvn` and caches its
 * jars outside the repository, so the second start downloads nothing.
 *
 * Kafka publishes no server tarball to Maven, but the broker is just `kafka_2.13` plus its
 * runtime dependencies; `kafka-tools` adds the console and perf tools. We write a throwaway POM
 * listing them and let `dependency:copy-dependencies` lay the closure out in one folder.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KafkaRelease } from './kafka-versions.js';

const run = promisify(execFile);

/** A Kafka release laid out on disk, ready to start. */
export interface KafkaDistribution {
  readonly release: KafkaRelease;
  /** Folder holding every jar of the release and its dependencies. */
  readonly libDir: string;
  /** Java class path for the broker and the tools. */
  readonly classpath: string;
}

/** Root of kafe's download cache (`KAFE_CACHE_DIR`, else `~/.cache/kafe`). */
export function cacheRoot(): string {
  return process.env.KAFE_CACHE_DIR ?? join(homedir(), '.cache', 'kafe');
}

/** Fails with a message saying what to install when Java 17+ is missing. */
export async function checkJava(): Promise<void> {
  let banner: string;
  try {
    const { stderr, stdout } = await run('java', ['-version']);
    banner = `${stderr}${stdout}`;
  } catch {
    throw new Error('Java was not found on PATH. kafe runs Apache Kafka locally and needs Java 17 or newer.');
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17)
    throw new Error(`Java 17 or newer is required to run Kafka; found: ${banner.split('\n')[0]}`);
}

async function checkMaven(): Promise<void> {
  try {
    await run('mvn', ['--version']);
  } catch {
    throw new Error(
      'Maven (mvn) was not found on PATH. kafe fetches Apache Kafka from Maven Central with it: install Maven, ' +
        'or point KAFE_CACHE_DIR at a cache that already holds the release.',
    );
  }
}

function pomFor(release: KafkaRelease): string {
  const artifacts = [
    `org.apache.kafka:kafka_2.13:${release.version}`,
    `org.apache.kafka:kafka-tools:${release.version}`,
    ...release.loggingArtifacts,
  ];
  const deps = artifacts
    .map((coords) => {
      const [groupId, artifactId, version] = coords.split(':');
      return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
    })
    .join('\n    ');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.kafe.harness</groupId><artifactId>kafka-${release.version}</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    ${deps}
  </dependencies>
</project>
`;
}

/**
 * Returns the release's jars, downloading them on first use. A marker file written last makes an
 * interrupted download start over instead of leaving a half-filled folder that looks complete.
 */
export async function ensureKafka(release: KafkaRelease): Promise<KafkaDistribution> {
  const dir = join(cacheRoot(), 'kafka', release.version);
  const libDir = join(dir, 'libs');
  const marker = join(dir, 'complete');
  if (!existsSync(marker)) {
    await checkMaven();
    await rm(libDir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'pom.xml'), pomFor(release));
    process.stderr.write(`kafe: fetching Apache Kafka ${release.version} from Maven Central into ${dir}\n`);
    try {
      await run(
        'mvn',
        [
          '-B',
          '-q',
          '-f',
          join(dir, 'pom.xml'),
          'dependency:copy-dependencies',
          '-DincludeScope=runtime',
          `-DoutputDirectory=${libDir}`,
        ],
        { maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 },
      );
    } catch (error) {
      const out = error as { stdout?: string; stderr?: string };
      throw new Error(
        `Maven could not fetch Apache Kafka ${release.version}:\n${(out.stdout ?? '') + (out.stderr ?? '')}`.trim(),
        { cause: error },
      );
    }
    await writeFile(marker, `${new Date().toISOString()}\n`);
  }
  const jars = (await readdir(libDir)).filter((name) => name.endsWith('.jar')).sort();
  return { release, libDir, classpath: jars.map((jar) => join(libDir, jar)).join(':') };
}
