/**
 * Compressed test vectors written by the reference command-line tools (lz4 1.9, zstd 1.5), so
 * the decoders are checked against an independent encoder, not only against our own.
 */

/** The text every single-block fixture compresses (918 bytes). */
export const FIXTURE_TEXT = `kafe lz4 fixture: ${'the quick brown fox jumps over the lazy dog. '.repeat(20)}`;

/** `lz4 -B4 -BX --content-size --no-frame-crc`: block checksums and a content size. */
export const LZ4_BLOCK_CHECKSUM_CONTENT_SIZE =
  'BCJNGHhAlgMAAAAAAAChTQAAAPEha2FmZSBsejQgZml4dHVyZTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyHwCRbGF6eSBkb2cuDgAPLQD///8+UGRvZy4gWZxHLQAAAAA=';

/** `lz4 -9`: high-compression blocks with a content checksum. */
export const LZ4_HC_CONTENT_CHECKSUM =
  'BCJNGGRAp0oAAADxIWthZmUgbHo0IGZpeHR1cmU6IHRoZSBxdWljayBicm93biBmb3gganVtcHMgb3Zlch8An2xhenkgZG9nLi0A////Q1Bkb2cuIAAAAADyoUfj';

/** The text of {@link LZ4_LINKED_BLOCKS}: 135200 bytes, three 64 KiB blocks. */
export function linkedFixtureText(): string {
  let s = '';
  for (let i = 0; i < 4000; i++) s += `line ${i % 50} of a linked-block fixture\n`;
  return s;
}

/** `lz4 -B4 -BD`: linked (dependent) blocks, content checksum. */
export const LZ4_LINKED_BLOCKS =
  'BCJNGERAXkMCAADxEmxpbmUgMCBvZiBhIGxpbmtlZC1ibG9jayBmaXh0dXJlCiEAHzEhAA0fMiEADR8zIQANHzQhAA0fNSEADR82IQANHzchAA0fOCEADR85IQANHzFLAQ8PTAEOHzFNAQ4fMU4BDh8xTwEOHzFQAQ4fMVEBDh8xUgEOHzFTAQ4fMVQBDh8yVAEOHzJUAQ4fMlQBDh8yVAEOHzJUAQ4fMlQBDh8yVAEOHzJUAQ4fMlQBDh8yVAEOHzNUAQ4fM1QBDh8zVAEOHzNUAQ4fM1QBDh8zVAEOHzNUAQ4fM1QBDh8zVAEOHzNUAQ4fNFQBDh80VAEOHzRUAQ4fNFQBDh80VAEOHzRUAQ4fNFQBDh80VAEOHzRUAQ4fNFQBDg9TAQ4PUgEOD1EBDg9QAQ8P9QUND04BDg9NAQ4PTAEOD0sBDg9KAQ4Pmgb///////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////dQdHVyZQoKAQAAD9z6/////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////+hQdHVyZQojAQAA8hNsaW5lIDI4IG9mIGEgbGlua2VkLWJsb2NrIGZpeHR1cmUKIgAfOSIADS8zMCIADh8xIgAOHzIiAA4fMyIADh80IgAOHzUiAA4fNiIADh83IgAOD1QBDh8zVAEOHzRUAQ4fNFQBDh80VAEOHzRUAQ4fNFQBDh80VAEOHzRUAQ4fNFQBDh80VAEOHzRUAQ4PUwEOD1IBDg9RAQ4PUAEPDz0CDQ9OAQ4PTQEOD0wBDg9LAQ4PSgEOHzFLAQ8PTAEOHzFNAQ4fMU4BDh8xngIOHzFQAQ4fMVEBDh8xUgEOHzFTAQ4fMVQBDh8yVAEOHzJUAQ4fMlQBDh8yVAEOHzJUAQ4fMlQBDh8yVAEOHzJUAQ4Pmgb///////////9yUHR1cmUKAAAAACCT2VE=';

/** `zstd -19 --no-content-size --check`: a frame without content size (as zstd-jni streams write) and with a checksum. */
export const ZSTD_NO_CONTENT_SIZE =
  'KLUv/QQADQIAkkMNEZB9UPpD6Q+tdLu7fsdM7pADAEHjeo82/0Kn0dnlGR5/GE7irCgr/VN18dPWrI6H3fzPYAECAFWhqgOiVVDjfiix';

/** node:zlib `zstdCompressSync` (Node 24, native libzstd) of {@link FIXTURE_TEXT}: content size declared. */
export const ZSTD_NODE_NATIVE_SYNC =
  'KLUv/WCWAiUCAJQDa2FmZSBsejQgZml4dHVyZTogdGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVybGF6eSBkb2cuAgBVoaoDolVQ';

/**
 * node:zlib `createZstdCompress` stream (Node 24) of {@link FIXTURE_TEXT} written in two chunks:
 * a frame without content size followed by an empty second frame (two concatenated frames).
 */
export const ZSTD_NODE_NATIVE_STREAM =
  'KLUv/QBYJQIAlANrYWZlIGx6NCBmaXh0dXJlOiB0aGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXJsYXp5IGRvZy4CAFWhqgOiVVAotS/9IAABAAA=';

const WORDS =
  'the of and topic partition offset record broker a consumer producer value key header batch'.split(' ');

/** `size` bytes of words of a small vocabulary: many short matches, as the bench's compressible values. */
export function words(size: number, next: () => number): Buffer {
  const b = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    at += b.write(WORDS[Math.floor(next() * WORDS.length)] as string, at, 'latin1');
    if (at < size) b[at++] = 0x20;
  }
  return b;
}
