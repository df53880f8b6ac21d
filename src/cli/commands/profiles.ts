/** `kafe profiles list|show`: the connection profiles of the config file, secrets hidden. */
import type { Command } from '../command.js';
import { describeSettings, resolveSettings } from '../connection-settings.js';
import { stringOption } from '../option-values.js';
import { profilesPath, readProfilesFile } from '../profiles-file.js';

const fileHelp = `The config file (--config, KAFE_CONFIG, or ~/.config/kafe/config.json) is JSON:
  { "currentProfile": "local",
    "profiles": {
      "local": { "brokers": "localhost:9092" },
      "prod": { "brokers": ["b1:9093", "b2:9093"], "clientId": "ops",
                "tls": { "ca": "/etc/kafka/ca.pem", "cert": "/etc/kafka/me.pem", "key": "/etc/kafka/me.key" },
                "sasl": { "mechanism": "SCRAM-SHA-512", "username": "ops", "passwordEnv": "PROD_KAFKA_PASSWORD" } } } }
tls also takes "pfx" (PKCS#12) with "passphrase" or "passphraseEnv", "servername", "rejectUnauthorized";
sasl takes the password as "password", "passwordEnv" or "passwordFile". Flags and KAFE_* variables
override the profile.`;

const list: Command = {
  words: ['profiles', 'list'],
  summary: 'list the profiles of the config file',
  positionals: { min: 0, max: 0 },
  description: fileHelp,
  connects: false,
  options: { config: { type: 'string', value: 'FILE', description: 'the config file (env KAFE_CONFIG)' } },
  examples: ['kafe profiles list'],
  async run({ values, io, output }) {
    const { path, explicit } = profilesPath(stringOption(values, 'config'), io.env);
    const file = readProfilesFile(path, explicit);
    const rows = Object.entries(file.profiles).map(([name, p]) => ({
      name,
      current: name === file.currentProfile,
      brokers: typeof p.brokers === 'string' ? p.brokers : (p.brokers ?? []).join(','),
    }));
    if (output.json) return output.document({ path, profiles: rows });
    output.table(
      ['CURRENT', 'NAME', 'BROKERS'],
      rows.map((r) => [r.current ? '*' : '', r.name, r.brokers]),
    );
  },
};

const show: Command = {
  words: ['profiles', 'show'],
  summary: 'show the connection settings a command would use (secrets hidden)',
  positionals: { min: 0, max: 0 },
  description: fileHelp,
  options: {},
  examples: ['kafe profiles show --profile prod', 'KAFE_BROKERS=localhost:9092 kafe profiles show --json'],
  async run({ values, io, output }) {
    const shown = describeSettings(resolveSettings(values, io.env));
    if (output.json) return output.document(shown);
    output.lines(
      Object.entries(shown).map(
        ([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`,
      ),
    );
  },
};

/** The profile commands. */
export const profileCommands: readonly Command[] = [list, show];
