/**
 * SASL SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677; Kafka KIP-84), client side, with
 * `node:crypto` only. Follows Java's `ScramSaslClient`: no channel binding (`n,,`), at least
 * 4096 iterations, the server nonce must extend the client's, and the server signature of the
 * final message is verified (so a server that does not know the password is detected). With
 * `tokenAuthentication`, the username and password are a delegation token's id and HMAC and the
 * client-first message carries the `tokenauth=true` extension (KIP-48, Java `ScramExtensions`).
 */
import { AuthenticationError } from '../errors.js';
import { nodeCrypto } from '../lazy-builtins.js';
import type { SaslExchange, SaslMechanism } from './mechanism.js';
import type { SaslCredentials } from './plain.js';

/** The two SCRAM mechanisms Kafka supports. */
export type ScramMechanismName = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

const hashes = {
  'SCRAM-SHA-256': { hash: 'sha256', size: 32 },
  'SCRAM-SHA-512': { hash: 'sha512', size: 64 },
} as const;

/** Kafka's ScramMechanism#minIterations: fewer is refused, as the broker refuses to store it. */
const MIN_ITERATIONS = 4096;
/** Upper bound so that a hostile server cannot make the client spin on pbkdf2. */
const MAX_ITERATIONS = 1_000_000;

/** Options of a SCRAM mechanism. */
export interface ScramOptions extends SaslCredentials {
  /**
   * Authenticate with a delegation token (KIP-48): `username` is the token id, `password` its
   * HMAC in base64, as `createDelegationToken` returns them. Default false.
   */
  readonly tokenAuthentication?: boolean;
  /** Test hook: the client nonce (RFC 7677's test vector fixes it). Defaults to 24 random bytes, base64. */
  readonly nonce?: () => string;
}

/** RFC 5802 §5.1: `=` and `,` in a username are escaped as `=3D` and `=2C`. */
function saslName(username: string): string {
  return username.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function parseAttributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part[0]!, part.slice(2));
  }
  return out;
}

function fail(mechanism: string, reason: string): AuthenticationError {
  return new AuthenticationError(`${mechanism} authentication failed: ${reason}`);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/**
 * RFC 5802 §3: SaltedPassword := Hi(Normalize(password), salt, i), Hi being PBKDF2 with the
 * mechanism's HMAC. SASLprep is approximated by NFKC, as most clients do. Used to log in and to
 * make the credentials `alterUserScramCredentials` stores (the broker keeps keys derived from it).
 */
export function scramSaltedPassword(
  mechanism: ScramMechanismName,
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Buffer> {
  const { hash, size } = hashes[mechanism];
  return new Promise<Buffer>((resolve, reject) =>
    nodeCrypto().pbkdf2(password.normalize('NFKC'), salt, iterations, size, hash, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** A SCRAM-SHA-256 or SCRAM-SHA-512 mechanism for `options`' credentials. */
export function scramMechanism(name: ScramMechanismName, options: ScramOptions): SaslMechanism {
  const { hash } = hashes[name];
  // KIP-48: the extension follows the nonce in client-first-message-bare (and so in AuthMessage).
  const extensions = options.tokenAuthentication === true ? ',tokenauth=true' : '';
  const hmac = (key: Buffer, text: string) =>
    nodeCrypto().createHmac(hash, key).update(text, 'utf8').digest();
  return {
    name,
    async authenticate(exchange: SaslExchange): Promise<void> {
      const clientNonce = options.nonce ? options.nonce() : nodeCrypto().randomBytes(24).toString('base64');
      const clientFirstBare = `n=${saslName(options.username)},r=${clientNonce}${extensions}`;
      const serverFirst = Buffer.from(await exchange(Buffer.from(`n,,${clientFirstBare}`, 'utf8'))).toString(
        'utf8',
      );

      const first = parseAttributes(serverFirst);
      if (first.has('e')) throw fail(name, `server error ${first.get('e')}`);
      const nonce = first.get('r');
      const salt = first.get('s');
      const iterations = Number(first.get('i'));
      if (nonce === undefined || salt === undefined || !Number.isInteger(iterations)) {
        throw fail(name, 'malformed server-first-message');
      }
      if (!nonce.startsWith(clientNonce) || nonce.length === clientNonce.length) {
        throw fail(name, 'server nonce does not extend the client nonce');
      }
      if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
        throw fail(name, `iteration count ${iterations} is outside ${MIN_ITERATIONS}-${MAX_ITERATIONS}`);
      }

      const saltedPassword = await scramSaltedPassword(
        name,
        options.password,
        Buffer.from(salt, 'base64'),
        iterations,
      );
      const clientKey = hmac(saltedPassword, 'Client Key');
      const storedKey = nodeCrypto().createHash(hash).update(clientKey).digest();
      const clientFinalWithoutProof = `c=biws,r=${nonce}`;
      const authMessage = `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
      const clientSignature = hmac(storedKey, authMessage);
      const proof = xor(clientKey, clientSignature).toString('base64');

      const serverFinal = Buffer.from(
        await exchange(Buffer.from(`${clientFinalWithoutProof},p=${proof}`, 'utf8')),
      ).toString('utf8');
      const final = parseAttributes(serverFinal);
      if (final.has('e')) throw fail(name, `server error ${final.get('e')}`);
      const verifier = final.get('v');
      if (verifier === undefined) throw fail(name, 'malformed server-final-message');
      const expected = hmac(hmac(saltedPassword, 'Server Key'), authMessage);
      const received = Buffer.from(verifier, 'base64');
      if (received.length !== expected.length || !nodeCrypto().timingSafeEqual(received, expected)) {
        throw fail(name, 'the server signature does not verify (the server does not know the credentials)');
      }
    },
  };
}
