/**
 * The protocol's primitive types ("Protocol Primitive Types", docs/protocol.html): a
 * {@link Writer} that encodes a whole request into one buffer and a {@link Reader} that decodes
 * by offset from the received bytes. The generated message codecs (`../messages/`) and the
 * record batch code are built on these two classes only.
 */
export { Reader } from './reader.js';
export { unsignedVarintSize, Writer } from './writer.js';
