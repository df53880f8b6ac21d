/**
 * The errors of the connection layer. Each extends {@link KafeError} so callers branch on
 * `code` and `retriable`; none of them ever carries a credential, a token or a SASL payload in
 * its message (the messages name the broker, the API and what went wrong, nothing more).
 */
import { KafeError, type KafeErrorOptions } from '../protocol/errors.js';

/**
 * The socket could not be opened, failed, or the broker sent something that breaks the framing
 * (a frame larger than allowed, a correlation id that matches no request). The connection is
 * unusable afterwards; a new one may succeed, hence retriable.
 */
export class ConnectionError extends KafeError {
  /** `host:port` of the broker. */
  readonly broker: string;

  constructor(broker: string, message: string, options: KafeErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'CONNECTION_ERROR', `${broker}: ${message}`, {
      retriable: options.retriable ?? true,
      cause: options.cause,
    });
    this.broker = broker;
  }
}

/**
 * A response frame announced a size above the connection's `maxResponseSize`. Raised before
 * anything is allocated for it; the connection is closed because the stream cannot be resynced.
 */
export class FrameTooLargeError extends ConnectionError {
  /** The size the frame announced. */
  readonly size: number;
  /** The configured limit. */
  readonly limit: number;

  constructor(broker: string, size: number, limit: number) {
    super(broker, `response frame of ${size} bytes exceeds the limit of ${limit} bytes (maxResponseSize)`, {
      code: 'FRAME_TOO_LARGE',
      retriable: false,
    });
    this.size = size;
    this.limit = limit;
  }
}

/**
 * The broker's TLS certificate failed verification (untrusted issuer, expired, wrong host name).
 * Not retriable: trying again meets the same certificate, so a client fails at once instead of
 * retrying until its deadline. Fix the `tls` options (`ca`, `servername`) or the broker's certificate.
 */
export class TlsCertificateError extends ConnectionError {
  constructor(broker: string, message: string, options: KafeErrorOptions = {}) {
    super(broker, message, { ...options, code: 'TLS_CERTIFICATE_ERROR', retriable: false });
  }
}

/**
 * The broker refused this client's TLS certificate, or its absence (the broker's listener has
 * `ssl.client.auth=required`): a TLS alert from the broker (bad_certificate, unknown_ca,
 * certificate_required in TLS 1.3, ...). Not retriable: the next handshake sends the same
 * certificate. Give `tls.cert` and `tls.key` (or `tls.pfx`) with a certificate the broker's
 * truststore accepts.
 */
export class TlsClientCertificateError extends ConnectionError {
  constructor(broker: string, message: string, options: KafeErrorOptions = {}) {
    super(broker, message, { ...options, code: 'TLS_CLIENT_CERTIFICATE_REJECTED', retriable: false });
  }
}

/** The connection was closed (by `close()`, by the broker or after an error) before the request completed. */
export class ConnectionClosedError extends ConnectionError {
  constructor(broker: string, message = 'connection closed', options: KafeErrorOptions = {}) {
    super(broker, message, { ...options, code: 'CONNECTION_CLOSED', retriable: options.retriable ?? true });
  }
}

/**
 * No response within the request's timeout. The request may still have been processed by the
 * broker. When it had been written, the connection is closed (its late response can never be
 * matched to another request) and the other requests on it fail with a retriable
 * {@link ConnectionClosedError}.
 */
export class RequestTimeoutError extends KafeError {
  constructor(broker: string, api: string, timeoutMs: number) {
    super('REQUEST_TIMEOUT', `${broker}: ${api} request got no response within ${timeoutMs} ms`, {
      retriable: true,
    });
  }
}

/** The caller's `AbortSignal` fired before the response arrived; `cause` is the signal's reason. */
export class RequestAbortedError extends KafeError {
  constructor(broker: string, api: string, reason: unknown) {
    super('REQUEST_ABORTED', `${broker}: ${api} request aborted`, { cause: reason });
  }
}

/**
 * SASL authentication failed: wrong credentials, a mechanism the broker does not enable, a
 * server signature that does not verify (SCRAM), or a token provider that failed. Not
 * retriable: repeating it with the same credentials fails the same way.
 */
export class AuthenticationError extends KafeError {
  constructor(message: string, options: KafeErrorOptions = {}) {
    super('AUTHENTICATION_FAILED', message, { ...options, retriable: false });
  }
}

/**
 * The broker does not support the API at all, or no version both sides support exists (Java:
 * UnsupportedVersionException). The message names the API and both version ranges.
 */
export class UnsupportedVersionError extends KafeError {
  /** Name of the API, e.g. `Fetch`. */
  readonly api: string;

  constructor(api: string, message: string) {
    super('UNSUPPORTED_VERSION', message);
    this.api = api;
  }
}
