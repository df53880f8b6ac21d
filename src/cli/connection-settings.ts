/**
 * Connection settings of a command: from flags first, then the environment (`KAFE_BROKERS`,
 * ...), then the profile (`--profile`, `KAFE_PROFILE`, or the file's `currentProfile`). They
 * become {@link KafkaOptions}; TLS files are read and secrets resolved only then. Secrets are
 * never printed: {@link describeSettings} shows `[hidden]`, and there is no flag for a password
 * (a flag shows in `ps` and shell history) — it comes from the environment or the profile.
 */
import { readFileSync } from 'node:fs';
import type tls from 'node:tls';
import type { KafkaOptions } from '../kafka.js';
import type { SaslOptions } from '../net/sasl/options.js';
import { UsageError } from './cli-errors.js';
import type { OptionSpecs, OptionValues } from './command.js';
import { flag, parseDuration, stringOption } from './option-values.js';
import {
  type Profile,
  type ProfileSasl,
  type ProfileTls,
  profileNamed,
  profilesPath,
  readProfilesFile,
} from './profiles-file.js';

/** The options every connecting command takes. */
export const connectionOptions: OptionSpecs = {
  brokers: {
    type: 'string',
    short: 'b',
    value: 'HOST:PORT,...',
    description: 'bootstrap brokers (env KAFE_BROKERS)',
  },
  profile: { type: 'string', value: 'NAME', description: 'a profile of the config file (env KAFE_PROFILE)' },
  config: {
    type: 'string',
    value: 'FILE',
    description: 'the config file (env KAFE_CONFIG; default ~/.config/kafe/config.json)',
  },
  'client-id': {
    type: 'string',
    value: 'ID',
    description: 'client id sent to brokers (env KAFE_CLIENT_ID; default kafe-cli)',
  },
  timeout: { type: 'string', value: 'DURATION', description: 'deadline of each call, e.g. 5s (default 30s)' },
  tls: { type: 'boolean', description: 'connect with TLS (env KAFE_TLS=1)' },
  'tls-ca': { type: 'string', value: 'FILE', description: 'CA certificates, PEM (env KAFE_TLS_CA)' },
  'tls-cert': { type: 'string', value: 'FILE', description: 'client certificate, PEM (env KAFE_TLS_CERT)' },
  'tls-key': { type: 'string', value: 'FILE', description: 'client key, PEM (env KAFE_TLS_KEY)' },
  'sasl-mechanism': {
    type: 'string',
    value: 'NAME',
    description: 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (env KAFE_SASL_MECHANISM)',
  },
  'sasl-username': {
    type: 'string',
    value: 'USER',
    description:
      'SASL user (env KAFE_SASL_USERNAME); the password comes from KAFE_SASL_PASSWORD or the profile',
  },
  'log-level': {
    type: 'string',
    value: 'LEVEL',
    description: "kafe's own log lines on stderr: debug, info, warn, error (default: none)",
  },
};

/** Resolved settings, before files are read. */
export interface ConnectionSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly timeoutMs: number;
  readonly tls: boolean | ProfileTls | undefined;
  readonly sasl: ProfileSasl | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | undefined;
  /** Where the brokers came from: `--brokers`, `KAFE_BROKERS` or `profile NAME`. */
  readonly source: string;
  /** The profile used, if any. */
  readonly profile: string | undefined;
}

const truthy = (text: string | undefined) => text !== undefined && /^(1|true|yes|on)$/i.test(text);

function profileOf(
  values: OptionValues,
  env: NodeJS.ProcessEnv,
): { name: string | undefined; profile: Profile } {
  const { path, explicit } = profilesPath(stringOption(values, 'config'), env);
  const named = stringOption(values, 'profile') ?? env.KAFE_PROFILE;
  // The file is read only when it may matter: a profile is named, or it exists at its default place.
  const file = readProfilesFile(path, explicit || named !== undefined);
  const name = named ?? file.currentProfile;
  return name === undefined ? { name, profile: {} } : { name, profile: profileNamed(file, name) };
}

function brokerList(text: string | readonly string[]): string[] {
  const items = typeof text === 'string' ? text.split(',') : text.flatMap((t) => t.split(','));
  return items.map((b) => b.trim()).filter((b) => b.length > 0);
}

/** Resolves the settings of a command from its flags, the environment and the profile. */
export function resolveSettings(values: OptionValues, env: NodeJS.ProcessEnv): ConnectionSettings {
  const { name, profile } = profileOf(values, env);
  const flagBrokers = stringOption(values, 'brokers');
  const [brokers, source] =
    flagBrokers !== undefined
      ? [brokerList(flagBrokers), '--brokers']
      : env.KAFE_BROKERS
        ? [brokerList(env.KAFE_BROKERS), 'KAFE_BROKERS']
        : profile.brokers !== undefined
          ? [brokerList(profile.brokers), `profile ${name}`]
          : [[], ''];
  if (brokers.length === 0)
    throw new UsageError(
      'no brokers: give --brokers HOST:PORT, set KAFE_BROKERS, or name a profile with --profile',
    );
  const timeoutText = stringOption(values, 'timeout');
  const logLevel = stringOption(values, 'log-level');
  if (logLevel !== undefined && !['debug', 'info', 'warn', 'error'].includes(logLevel))
    throw new UsageError(`--log-level expects debug, info, warn or error, got ${JSON.stringify(logLevel)}`);
  return {
    brokers,
    clientId: stringOption(values, 'client-id') ?? env.KAFE_CLIENT_ID ?? profile.clientId ?? 'kafe-cli',
    timeoutMs: timeoutText === undefined ? 30_000 : Math.max(1, parseDuration('--timeout', timeoutText)),
    tls: tlsOf(values, env, profile),
    sasl: saslOf(values, env, profile),
    logLevel: logLevel as ConnectionSettings['logLevel'],
    source,
    profile: name,
  };
}

function tlsOf(values: OptionValues, env: NodeJS.ProcessEnv, profile: Profile): ConnectionSettings['tls'] {
  const files: ProfileTls = {
    ...(typeof profile.tls === 'object' ? profile.tls : {}),
    ...definedOnly({
      ca: stringOption(values, 'tls-ca') ?? env.KAFE_TLS_CA,
      cert: stringOption(values, 'tls-cert') ?? env.KAFE_TLS_CERT,
      key: stringOption(values, 'tls-key') ?? env.KAFE_TLS_KEY,
    }),
  };
  if (Object.keys(files).length > 0) return files;
  return flag(values, 'tls') || truthy(env.KAFE_TLS) || profile.tls === true ? true : undefined;
}

function saslOf(values: OptionValues, env: NodeJS.ProcessEnv, profile: Profile): ProfileSasl | undefined {
  const mechanism =
    stringOption(values, 'sasl-mechanism') ?? env.KAFE_SASL_MECHANISM ?? profile.sasl?.mechanism;
  const username = stringOption(values, 'sasl-username') ?? env.KAFE_SASL_USERNAME ?? profile.sasl?.username;
  if (mechanism === undefined && username === undefined) return undefined;
  if (mechanism === undefined || username === undefined)
    throw new UsageError('SASL needs both a mechanism and a username (--sasl-mechanism, --sasl-username)');
  const fromProfile: Partial<ProfileSasl> = profile.sasl ?? {};
  // KAFE_SASL_PASSWORD wins over whatever the profile says about the password.
  const secret =
    env.KAFE_SASL_PASSWORD !== undefined
      ? { password: env.KAFE_SASL_PASSWORD }
      : definedOnly({
          password: fromProfile.password,
          passwordEnv: fromProfile.passwordEnv,
          passwordFile: fromProfile.passwordFile,
        });
  return { mechanism, username, ...secret };
}

function definedOnly<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function readSecretFile(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(
      `${what}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function passwordOf(sasl: ProfileSasl, env: NodeJS.ProcessEnv): string {
  if (sasl.password !== undefined) return sasl.password;
  if (sasl.passwordEnv !== undefined) {
    const value = env[sasl.passwordEnv];
    if (value === undefined)
      throw new UsageError(`the SASL password is to come from $${sasl.passwordEnv}, which is not set`);
    return value;
  }
  if (sasl.passwordFile !== undefined)
    return readSecretFile('the SASL password file', sasl.passwordFile).toString('utf8').trim();
  throw new UsageError(
    'no SASL password: set KAFE_SASL_PASSWORD, or password / passwordEnv / passwordFile in the profile',
  );
}

function tlsOptionsOf(files: ProfileTls, env: NodeJS.ProcessEnv): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = {};
  if (files.ca) options.ca = readSecretFile('TLS CA', files.ca);
  if (files.cert) options.cert = readSecretFile('TLS certificate', files.cert);
  if (files.key) options.key = readSecretFile('TLS key', files.key);
  if (files.pfx) options.pfx = readSecretFile('TLS PKCS#12 bundle', files.pfx);
  const passphrase = files.passphrase ?? (files.passphraseEnv ? env[files.passphraseEnv] : undefined);
  if (passphrase !== undefined) options.passphrase = passphrase;
  if (files.servername) options.servername = files.servername;
  if (files.rejectUnauthorized !== undefined) options.rejectUnauthorized = files.rejectUnauthorized;
  return options;
}

/** The client options of the settings: files read, secrets resolved. */
export function kafkaOptionsOf(settings: ConnectionSettings, env: NodeJS.ProcessEnv): KafkaOptions {
  const options: KafkaOptions = {
    brokers: [...settings.brokers],
    clientId: settings.clientId,
    timeoutMs: settings.timeoutMs,
    connectTimeoutMs: Math.min(settings.timeoutMs, 10_000),
    requestTimeoutMs: Math.min(settings.timeoutMs, 30_000),
    // The command's one-line error says what failed; kafe's own lines only on request.
    ...(settings.logLevel === undefined ? { logger: null } : { logLevel: settings.logLevel }),
  };
  if (settings.tls !== undefined)
    options.tls = settings.tls === true ? true : tlsOptionsOf(settings.tls as ProfileTls, env);
  if (settings.sasl !== undefined)
    options.sasl = {
      mechanism: settings.sasl.mechanism,
      username: settings.sasl.username,
      password: passwordOf(settings.sasl, env),
    } as SaslOptions;
  return options;
}

/** The settings as `kafe profiles show` prints them: secrets as `[hidden]`, files as paths. */
export function describeSettings(settings: ConnectionSettings): Record<string, unknown> {
  const hide = (v: unknown) => (v === undefined ? undefined : '[hidden]');
  const tls =
    typeof settings.tls === 'object'
      ? { ...settings.tls, passphrase: hide(settings.tls.passphrase) }
      : (settings.tls ?? false);
  const sasl =
    settings.sasl === undefined ? null : { ...settings.sasl, password: hide(settings.sasl.password) };
  return {
    profile: settings.profile ?? null,
    brokers: settings.brokers,
    brokersFrom: settings.source,
    clientId: settings.clientId,
    timeoutMs: settings.timeoutMs,
    tls,
    sasl,
  };
}
