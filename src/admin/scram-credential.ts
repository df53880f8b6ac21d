/**
 * SCRAM credentials as `alterUserScramCredentials` takes them (Java
 * `UserScramCredentialUpsertion` / `UserScramCredentialDeletion`, KIP-554) and the salting that
 * turns a password into what AlterUserScramCredentials carries: a random salt and
 * SaltedPassword = PBKDF2(HMAC, password, salt, iterations) (RFC 5802 §3, Java
 * `ScramFormatter#saltedPassword`). The password never leaves the client; the broker derives
 * StoredKey and ServerKey from the salted password.
 */
import { nodeCrypto } from '../net/lazy-builtins.js';
import { type ScramMechanismName, scramSaltedPassword } from '../net/sasl/scram.js';
import type { AlterUserScramCredentialsRequestScramCredentialUpsertion } from '../protocol/messages/alter-user-scram-credentials.js';

/** The SCRAM mechanisms Kafka stores credentials for. */
export type ScramMechanism = ScramMechanismName;

/** Mechanism codes of the protocol (Java `ScramMechanism#type`; 0 is UNKNOWN). */
export const scramMechanismCodes = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 } as const;

/** The fewest and most iterations a broker accepts (Java `ScramMechanism#minIterations`, `maxIterations`). */
export const SCRAM_ITERATIONS = { min: 4096, max: 16384 } as const;

/** Sets a user's credential for one mechanism, made from `password` here. */
export interface ScramCredentialUpsertion {
  readonly type: 'upsert';
  readonly user: string;
  readonly mechanism: ScramMechanism;
  readonly password: string;
  /** PBKDF2 iterations, 4096 to 16384. Default 4096 (`kafka-configs.sh`'s). */
  readonly iterations?: number;
  /** The salt; 32 random bytes when absent. */
  readonly salt?: Uint8Array;
}

/** Removes a user's credential for one mechanism. */
export interface ScramCredentialDeletion {
  readonly type: 'delete';
  readonly user: string;
  readonly mechanism: ScramMechanism;
}

/** One change of `alterUserScramCredentials`. */
export type ScramCredentialAlteration = ScramCredentialUpsertion | ScramCredentialDeletion;

/** A stored credential as `describeUserScramCredentials` shows it (never the salt or keys). */
export interface ScramCredentialInfo {
  readonly mechanism: ScramMechanism | 'UNKNOWN';
  readonly iterations: number;
}

/** The mechanism of a protocol code. */
export function scramMechanismOf(code: number): ScramMechanism | 'UNKNOWN' {
  if (code === scramMechanismCodes['SCRAM-SHA-256']) return 'SCRAM-SHA-256';
  if (code === scramMechanismCodes['SCRAM-SHA-512']) return 'SCRAM-SHA-512';
  return 'UNKNOWN';
}

/** Why `alteration` cannot be sent, if it cannot. */
export function alterationProblem(alteration: ScramCredentialAlteration): string | undefined {
  if (alteration === null || typeof alteration !== 'object') return 'an alteration must be an object';
  if (typeof alteration.user !== 'string' || alteration.user === '') return 'user must be a non-empty string';
  if (!Object.hasOwn(scramMechanismCodes, alteration.mechanism))
    return `mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512, not ${JSON.stringify(alteration.mechanism)}`;
  const type: unknown = alteration.type;
  if (type === 'delete') return undefined;
  if (type !== 'upsert') return `type must be "upsert" or "delete", not ${JSON.stringify(type)}`;
  if (alteration.type !== 'upsert') return undefined;
  if (typeof alteration.password !== 'string' || alteration.password === '')
    return 'password must be a non-empty string';
  const iterations = alteration.iterations ?? SCRAM_ITERATIONS.min;
  if (!Number.isInteger(iterations) || iterations < SCRAM_ITERATIONS.min || iterations > SCRAM_ITERATIONS.max)
    return `iterations must be an integer from ${SCRAM_ITERATIONS.min} to ${SCRAM_ITERATIONS.max}, not ${iterations}`;
  if (alteration.salt !== undefined && !(alteration.salt instanceof Uint8Array && alteration.salt.length > 0))
    return 'salt must be a non-empty Uint8Array';
  return undefined;
}

/** The AlterUserScramCredentials upsertion of `upsertion`: salted here, the password left out. */
export async function saltedUpsertion(
  upsertion: ScramCredentialUpsertion,
): Promise<Omit<AlterUserScramCredentialsRequestScramCredentialUpsertion, 'unknownTaggedFields'>> {
  const iterations = upsertion.iterations ?? SCRAM_ITERATIONS.min;
  const salt = upsertion.salt ?? nodeCrypto().randomBytes(32);
  return {
    name: upsertion.user,
    mechanism: scramMechanismCodes[upsertion.mechanism],
    iterations,
    salt,
    saltedPassword: await scramSaltedPassword(upsertion.mechanism, upsertion.password, salt, iterations),
  };
}
