/**
 * Bootstrap addresses: `host:port` strings, IPv6 as `[::1]:9092` (the Java client's
 * `ClientUtils.parseAndValidateAddresses` accepts the same forms). Validated before any I/O so a
 * typo gives a {@link ConfigurationError} naming the entry, not a connection error later.
 */
import { ConfigurationError } from './errors.js';

/** Where a broker listens. */
export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
}

/** `host:port` of an address, with IPv6 hosts in brackets. */
export function formatAddress(address: BrokerAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** Parses one `host:port`; throws {@link ConfigurationError} naming `label` and the value when it is not one. */
export function parseBrokerAddress(value: unknown, label = 'broker'): BrokerAddress {
  if (typeof value !== 'string')
    throw new ConfigurationError(`${label}: expected a "host:port" string, got ${describe(value)}`, {
      option: label,
    });
  const text = value.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(text);
  const plain = /^([^\s:[\]]+):(\d+)$/.exec(text);
  const match = bracketed ?? plain;
  if (match === null)
    throw new ConfigurationError(`${label}: "${value}" is not "host:port"`, { option: label });
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigurationError(`${label}: "${value}" has port ${match[2]}, outside 1-65535`, {
      option: label,
    });
  return { host: match[1]!, port };
}

/** Parses the bootstrap list: a non-empty array of `host:port` (or one comma-separated string). */
export function parseBootstrap(brokers: unknown): BrokerAddress[] {
  const list = typeof brokers === 'string' ? brokers.split(',') : brokers;
  if (!Array.isArray(list) || list.length === 0)
    throw new ConfigurationError(
      `brokers: expected a non-empty list of "host:port", got ${describe(brokers)}`,
      { option: 'brokers' },
    );
  return list.map((entry, i) => parseBrokerAddress(entry, `brokers[${i}]`));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  return typeof value === 'string' ? `"${value}"` : typeof value;
}
