/**
 * Delegation tokens (Java `Admin#createDelegationToken`, `#renewDelegationToken`,
 * `#expireDelegationToken`, `#describeDelegationToken`; KIP-48, owners other than the requester
 * KIP-373, KRaft KIP-900). All go to any broker, which forwards creations, renewals and
 * expiries to the controller. Brokers serve them only to clients that authenticated with SASL
 * or a TLS certificate, and not with a token (DELEGATION_TOKEN_REQUEST_NOT_ALLOWED otherwise).
 * A token authenticates a client over SCRAM: `sasl: { mechanism: 'SCRAM-SHA-256', username:
 * token.tokenId, password: token.hmac.toString('base64'), tokenAuthentication: true }`.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { errorForCode } from '../protocol/broker-error.js';

/** A delegation token (Java `DelegationToken` with its `TokenInformation`). */
export interface DelegationToken {
  readonly tokenId: string;
  /**
   * The token's HMAC: its password (base64 in SASL). A secret, so not enumerable: printing or
   * serialising a token leaves it out (Java's `DelegationToken#toString` masks it too).
   */
  readonly hmac: Buffer;
  /** Whom the token authenticates as, e.g. `User:alice`. */
  readonly owner: string;
  /** Who created it (KIP-373: may differ from the owner). */
  readonly requester: string;
  /** Who may renew it besides the owner. */
  readonly renewers: readonly string[];
  /** Epoch ms. */
  readonly issueTimestamp: number;
  /** When it expires unless renewed, epoch ms. */
  readonly expiryTimestamp: number;
  /** Renewals cannot take it past this, epoch ms. */
  readonly maxTimestamp: number;
}

/** Options of `createDelegationToken`. */
export interface CreateDelegationTokenOptions extends CallOptions {
  /** The token's owner, `Type:name` (KIP-373; the requester needs CREATE_TOKENS on that user). Default: the requester. */
  readonly owner?: string;
  /** Principals, `Type:name`, that may renew the token. */
  readonly renewers?: readonly string[];
  /** Lifetime cap in ms; the broker's `delegation.token.max.lifetime.ms` when absent or larger. */
  readonly maxLifetimeMs?: number;
}

/** Options of `renewDelegationToken`. */
export interface RenewDelegationTokenOptions extends CallOptions {
  /** Extend the expiry by this much (capped at the token's max). Default: the broker's `delegation.token.expiry.time.ms`. */
  readonly renewTimePeriodMs?: number;
}

/** Options of `expireDelegationToken`. */
export interface ExpireDelegationTokenOptions extends CallOptions {
  /** Expire in this many ms; negative (the default) expires it now. */
  readonly expiryTimePeriodMs?: number;
}

/** Options of `describeDelegationToken`. */
export interface DescribeDelegationTokenOptions extends CallOptions {
  /** Only tokens of these owners, `Type:name`. Default: every token the caller may describe. */
  readonly owners?: readonly string[];
}

/** `Type:name` split at its first colon (Java `SecurityUtils#parseKafkaPrincipal`). */
function principal(text: string, field: string): { principalType: string; principalName: string } {
  const colon = typeof text === 'string' ? text.indexOf(':') : -1;
  if (colon <= 0 || colon === text.length - 1)
    throw new InvalidArgumentError(
      `${field}: a principal is "Type:name" (e.g. User:alice), not ${JSON.stringify(text)}`,
    );
  return { principalType: text.slice(0, colon), principalName: text.slice(colon + 1) };
}

function milliseconds(value: number | undefined, field: string, fallback: number): bigint {
  if (value === undefined) return BigInt(fallback);
  if (!Number.isSafeInteger(value))
    throw new InvalidArgumentError(`${field} must be an integer number of ms`);
  return BigInt(value);
}

function hmacOf(hmac: Uint8Array): Uint8Array {
  if (!(hmac instanceof Uint8Array) || hmac.length === 0)
    throw new InvalidArgumentError('hmac must be the token HMAC (a non-empty Buffer or Uint8Array)');
  return hmac;
}

const errorOf = (r: { errorCode: number }) => errorForCode(r.errorCode);

/** The fields every token answer carries, as the two responses name them. */
interface WireToken {
  readonly tokenId: string;
  readonly hmac: Uint8Array;
  readonly principalType: string;
  readonly principalName: string;
  readonly tokenRequesterPrincipalType: string;
  readonly tokenRequesterPrincipalName: string;
  readonly renewers: readonly { principalType: string; principalName: string }[];
  readonly issueTimestamp: bigint;
  readonly expiryTimestamp: bigint;
  readonly maxTimestamp: bigint;
}

function tokenOf(t: WireToken): DelegationToken {
  const owner = `${t.principalType}:${t.principalName}`;
  const token = {
    tokenId: t.tokenId,
    owner,
    // Before v3 (KIP-373) the requester is the owner.
    requester: t.tokenRequesterPrincipalType
      ? `${t.tokenRequesterPrincipalType}:${t.tokenRequesterPrincipalName}`
      : owner,
    renewers: t.renewers.map((r) => `${r.principalType}:${r.principalName}`),
    issueTimestamp: Number(t.issueTimestamp),
    expiryTimestamp: Number(t.expiryTimestamp),
    maxTimestamp: Number(t.maxTimestamp),
  };
  return Object.defineProperty(token, 'hmac', {
    value: Buffer.from(t.hmac),
    enumerable: false,
  }) as unknown as DelegationToken;
}

/** Creates a delegation token; the HMAC it returns is the token's password. */
export async function createDelegationToken(
  cluster: Cluster,
  options: CreateDelegationTokenOptions = {},
): Promise<DelegationToken> {
  const owner = options.owner === undefined ? undefined : principal(options.owner, 'owner');
  const renewers = (options.renewers ?? []).map((r, i) => principal(r, `renewers[${i}]`));
  const { timeoutMs, signal } = options;
  const response = await cluster.send(
    'CreateDelegationToken',
    {
      ownerPrincipalType: owner?.principalType ?? null,
      ownerPrincipalName: owner?.principalName ?? null,
      renewers,
      maxLifetimeMs: milliseconds(options.maxLifetimeMs, 'maxLifetimeMs', -1),
    },
    { timeoutMs, signal, errorOf },
  );
  return tokenOf({
    ...response,
    renewers,
    issueTimestamp: response.issueTimestampMs,
    expiryTimestamp: response.expiryTimestampMs,
    maxTimestamp: response.maxTimestampMs,
  });
}

/** Renews the token with `hmac`; resolves with its new expiry, epoch ms. */
export async function renewDelegationToken(
  cluster: Cluster,
  hmac: Uint8Array,
  options: RenewDelegationTokenOptions = {},
): Promise<number> {
  const { timeoutMs, signal } = options;
  const response = await cluster.send(
    'RenewDelegationToken',
    { hmac: hmacOf(hmac), renewPeriodMs: milliseconds(options.renewTimePeriodMs, 'renewTimePeriodMs', -1) },
    { timeoutMs, signal, errorOf },
  );
  return Number(response.expiryTimestampMs);
}

/** Expires the token with `hmac` now, or after `expiryTimePeriodMs`; resolves with its expiry, epoch ms. */
export async function expireDelegationToken(
  cluster: Cluster,
  hmac: Uint8Array,
  options: ExpireDelegationTokenOptions = {},
): Promise<number> {
  const { timeoutMs, signal } = options;
  const response = await cluster.send(
    'ExpireDelegationToken',
    {
      hmac: hmacOf(hmac),
      expiryTimePeriodMs: milliseconds(options.expiryTimePeriodMs, 'expiryTimePeriodMs', -1),
    },
    { timeoutMs, signal, errorOf },
  );
  return Number(response.expiryTimestampMs);
}

/** The tokens the caller may describe (its own, and those it has DESCRIBE on), of `owners` when given. */
export async function describeDelegationToken(
  cluster: Cluster,
  options: DescribeDelegationTokenOptions = {},
): Promise<DelegationToken[]> {
  const owners = options.owners?.map((o, i) => principal(o, `owners[${i}]`)) ?? null;
  const { timeoutMs, signal } = options;
  const response = await cluster.send('DescribeDelegationToken', { owners }, { timeoutMs, signal, errorOf });
  return response.tokens.map(tokenOf);
}
