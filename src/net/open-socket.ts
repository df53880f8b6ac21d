/**
 * Opens the TCP or TLS socket of a connection, bounded by a timeout. TLS takes Node's own
 * `tls.ConnectionOptions` (`ca`, `cert`/`key`, `pfx`/`passphrase`, `rejectUnauthorized`, ...);
 * SNI defaults to the host name, as Java does, except for IP literals (RFC 6066 §3 forbids them).
 */
import net from 'node:net';
import tls from 'node:tls';
import { ConnectionError, RequestAbortedError, TlsCertificateError } from './errors.js';

/** How to reach one broker. */
export interface SocketOptions {
  host: string;
  port: number;
  /** `true` for TLS with Node's defaults, or Node TLS options; absent for plaintext. */
  tls?: boolean | tls.ConnectionOptions | undefined;
  /** Give up after this many milliseconds. */
  connectTimeoutMs: number;
  /** Aborting gives up at once, with a {@link RequestAbortedError}. */
  signal?: AbortSignal | undefined;
}

/**
 * OpenSSL's certificate verification failures as Node reports them (`X509_V_ERR_*` names without
 * the prefix) and Node's own host-name check: a retry would meet the same certificate.
 */
const certificateErrorCodes = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Resolves with a connected (and, for TLS, handshaken) socket; rejects with {@link ConnectionError}. */
export function openSocket(options: SocketOptions): Promise<net.Socket> {
  const broker = `${options.host}:${options.port}`;
  return new Promise((resolve, reject) => {
    const signal = options.signal;
    if (signal?.aborted) {
      reject(new RequestAbortedError(broker, 'connect', signal.reason));
      return;
    }
    let socket: net.Socket;
    const useTls = options.tls !== undefined && options.tls !== false;
    if (useTls) {
      const tlsOptions: tls.ConnectionOptions =
        options.tls === true ? {} : { ...(options.tls as tls.ConnectionOptions) };
      if (tlsOptions.servername === undefined && net.isIP(options.host) === 0)
        tlsOptions.servername = options.host;
      socket = tls.connect({ ...tlsOptions, host: options.host, port: options.port });
    } else {
      socket = net.connect({ host: options.host, port: options.port });
    }
    const timer = setTimeout(() => {
      cleanup();
      socket.destroy();
      reject(new ConnectionError(broker, `connect timed out after ${options.connectTimeoutMs} ms`));
    }, options.connectTimeoutMs);
    const onError = (error: Error) => {
      cleanup();
      socket.destroy();
      const code = (error as NodeJS.ErrnoException).code;
      reject(
        code !== undefined && certificateErrorCodes.has(code)
          ? new TlsCertificateError(broker, `TLS certificate rejected: ${error.message}`, { cause: error })
          : new ConnectionError(broker, `connect failed: ${error.message}`, { cause: error }),
      );
    };
    const onReady = () => {
      cleanup();
      socket.setNoDelay(true);
      socket.setKeepAlive(true);
      resolve(socket);
    };
    const onAbort = () => {
      cleanup();
      socket.destroy();
      reject(new RequestAbortedError(broker, 'connect', signal?.reason));
    };
    const readyEvent = useTls ? 'secureConnect' : 'connect';
    function cleanup() {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off(readyEvent, onReady);
      signal?.removeEventListener('abort', onAbort);
    }
    socket.once('error', onError);
    socket.once(readyEvent, onReady);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
