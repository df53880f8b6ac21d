/**
 * kafe: an Apache Kafka client for Node.js.
 *
 * This entry point re-exports the public API. Layers, from the bottom: `protocol/` (pure
 * encoding and decoding), `net/` (one connection), `cluster/` (routing), then the clients.
 */

export * from './admin/index.js';
export * from './producer/index.js';
