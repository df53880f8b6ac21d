/**
 * Opens the TCP or TLS socket of a connection, bounded by a timeout. TLS takes Node's own
 * `tls.ConnectionOptions` (`ca`, `cert`/`key`, `pfx`/`passphrase`, `rejectUnauthorized`, ...);
 * SNI defaults to the host name, as Java does, except for IP literals (RFC 6066 §3 forbids them).
 */
import net from 'node:net';
import type tls from 'node:tls';
import {
  ConnectionError,
  RequestAbortedError,
  TlsCertificateError,
  TlsClientCertificateError,
} from './errors.js';
import { nodeTls } from './lazy-builtins.js';

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
  /** Where a plaintext socket reads its bytes (net.Socket's `onread`); ignored with TLS. */
  onread?: net.OnReadOpts | undefined;
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

/**
 * TLS alerts the broker sends when it refuses the client's certificate or its absence, as Node
 * names them (`ERR_SSL_<protocol>_ALERT_<alert>`; OpenSSL 3.5 writes the protocol `SSL/TLS`,
 * earlier releases `SSLV3`). In TLS 1.3 the broker checks the client certificate after the
 * client's handshake ended, so the alert may arrive on an open connection (its first request).
 */
const clientCertificateAlert =
  /^ERR_SSL_(SSLV3|SSL\/TLS|TLSV1|TLSV13)_ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE)$/;

/**
 * The error of a failed socket: the broker's certificate rejected here, this client's
 * certificate refused by the broker (both final), or any other connection failure (retriable).
 */
export function socketError(broker: string, error: Error, what: string): ConnectionError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && certificateErrorCodes.has(code))
    return new TlsCertificateError(broker, `TLS certificate rejected: ${error.message}`, { cause: error });
  if (code !== undefined && clientCertificateAlert.test(code))
    return new TlsClientCertificateError(
      broker,
      `the broker refused this client's TLS certificate (${error.message.trim()}): give tls.cert and tls.key (or tls.pfx) signed by a CA the broker trusts`,
      { cause: error },
    );
  return new ConnectionError(broker, `${what}: ${error.message}`, { cause: error });
}

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
      socket = nodeTls().connect({ ...tlsOptions, host: options.host, port: options.port });
    } else {
      socket = net.connect(
        options.onread === undefined
          ? { host: options.host, port: options.port }
          : { host: options.host, port: options.port, onread: options.onread },
      );
    }
    const timer = setTimeout(() => {
      cleanup();
      socket.destroy();
      reject(new ConnectionError(broker, `connect timed out after ${options.connectTimeoutMs} ms`));
    }, options.connectTimeoutMs);
    const onError = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(socketError(broker, error, 'connect failed'));
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
