/**
 * The config file of named connection profiles, as `kubectl` contexts: which brokers, TLS files
 * and SASL credentials a name stands for, and which profile is current. JSON, at `--config`,
 * `$KAFE_CONFIG`, or `$XDG_CONFIG_HOME/kafe/config.json` (`~/.config/kafe/config.json`).
 *
 * ```json
 * { "currentProfile": "local",
 *   "profiles": {
 *     "local": { "brokers": "localhost:9092" },
 *     "prod": { "brokers": ["b1:9093", "b2:9093"], "clientId": "ops",
 *               "tls": { "ca": "/etc/kafka/ca.pem", "cert": "/etc/kafka/me.pem", "key": "/etc/kafka/me.key" },
 *               "sasl": { "mechanism": "SCRAM-SHA-512", "username": "ops", "passwordEnv": "PROD_KAFKA_PASSWORD" } } } }
 * ```
 *
 * A secret is given in the file (`password`, `passphrase`), or better by where to find it
 * (`passwordEnv` / `passwordFile`, `passphraseEnv`): the file can then be shared.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, UsageError } from './cli-errors.js';

/** TLS files of a profile (paths; read when the command connects). */
export interface ProfileTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** A PKCS#12 bundle (key and certificate), with its `passphrase`. */
  readonly pfx?: string;
  readonly passphrase?: string;
  readonly passphraseEnv?: string;
  /** The name the broker certificate must carry, when it is not the broker's host. */
  readonly servername?: string;
  /** `false` accepts any certificate: for test clusters only. */
  readonly rejectUnauthorized?: boolean;
}

/** SASL credentials of a profile (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). */
export interface ProfileSasl {
  readonly mechanism: string;
  readonly username: string;
  readonly password?: string;
  readonly passwordEnv?: string;
  readonly passwordFile?: string;
}

/** One named profile. */
export interface Profile {
  readonly brokers?: string | readonly string[];
  readonly clientId?: string;
  readonly tls?: boolean | ProfileTls;
  readonly sasl?: ProfileSasl;
}

/** The parsed config file. */
export interface ProfilesFile {
  readonly path: string;
  readonly currentProfile?: string;
  readonly profiles: Readonly<Record<string, Profile>>;
}

/** Where the config file is, from `--config`, `KAFE_CONFIG` or the XDG default. */
export function profilesPath(
  flagValue: string | undefined,
  env: NodeJS.ProcessEnv,
): { path: string; explicit: boolean } {
  if (flagValue) return { path: flagValue, explicit: true };
  if (env.KAFE_CONFIG) return { path: env.KAFE_CONFIG, explicit: true };
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return { path: join(base, 'kafe', 'config.json'), explicit: false };
}

const profileKeys = new Set(['brokers', 'clientId', 'tls', 'sasl']);
const tlsStringKeys = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'passphraseEnv', 'servername'];
const tlsKeys = new Set([...tlsStringKeys, 'rejectUnauthorized']);
const saslKeys = new Set(['mechanism', 'username', 'password', 'passwordEnv', 'passwordFile']);

function checkKeys(where: string, value: unknown, allowed: ReadonlySet<string>): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`${where} must be an object`);
  for (const key of Object.keys(value))
    if (!allowed.has(key))
      throw new UsageError(`${where} has an unknown key "${key}" (known: ${[...allowed].join(', ')})`);
  return value as Record<string, unknown>;
}

function checkStrings(where: string, object: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys)
    if (object[key] !== undefined && typeof object[key] !== 'string')
      throw new UsageError(`${where}.${key} must be a string`);
}

function checkProfile(where: string, value: unknown): Profile {
  const profile = checkKeys(where, value, profileKeys);
  const brokers = profile.brokers;
  if (
    brokers !== undefined &&
    typeof brokers !== 'string' &&
    !(Array.isArray(brokers) && brokers.every((b) => typeof b === 'string'))
  )
    throw new UsageError(`${where}.brokers must be "host:port,..." or a list of "host:port"`);
  checkStrings(where, profile, ['clientId']);
  if (profile.tls !== undefined && typeof profile.tls !== 'boolean') {
    const tls = checkKeys(`${where}.tls`, profile.tls, tlsKeys);
    checkStrings(`${where}.tls`, tls, tlsStringKeys);
    if (tls.rejectUnauthorized !== undefined && typeof tls.rejectUnauthorized !== 'boolean')
      throw new UsageError(`${where}.tls.rejectUnauthorized must be true or false`);
  }
  if (profile.sasl !== undefined) {
    const sasl = checkKeys(`${where}.sasl`, profile.sasl, saslKeys);
    checkStrings(`${where}.sasl`, sasl, [...saslKeys]);
    if (typeof sasl.mechanism !== 'string' || typeof sasl.username !== 'string')
      throw new UsageError(`${where}.sasl needs "mechanism" and "username"`);
  }
  return profile as Profile;
}

/**
 * Reads and checks the config file. A missing file is an empty one unless it was named
 * explicitly; anything malformed is a {@link UsageError} naming the file and the key.
 */
export function readProfilesFile(path: string, explicit: boolean): ProfilesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return { path, profiles: {} };
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const file = checkKeys(path, parsed, new Set(['currentProfile', 'profiles']));
  if (file.currentProfile !== undefined && typeof file.currentProfile !== 'string')
    throw new UsageError(`${path}: currentProfile must be a string`);
  const profiles = file.profiles ?? {};
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles))
    throw new UsageError(`${path}: profiles must be an object of named profiles`);
  const checked: Record<string, Profile> = {};
  for (const [name, profile] of Object.entries(profiles))
    checked[name] = checkProfile(`${path}: profiles.${name}`, profile);
  return { path, currentProfile: file.currentProfile as string | undefined, profiles: checked };
}

/** The profile named `name`, or a {@link NotFoundError} listing the known ones. */
export function profileNamed(file: ProfilesFile, name: string): Profile {
  const profile = file.profiles[name];
  if (profile) return profile;
  const known = Object.keys(file.profiles);
  throw new NotFoundError(
    `no profile "${name}" in ${file.path}${known.length > 0 ? ` (profiles: ${known.join(', ')})` : ''}`,
  );
}
