/** Level validation shared by the codecs (KIP-390 ranges). */
import { EncodeError } from '../errors.js';
import type { CompressionLevels } from './codec.js';

/**
 * Returns `level` if it is an integer within `levels`, the default when `level` is undefined,
 * and throws an {@link EncodeError} otherwise (Java rejects such a config at startup).
 */
export function resolveLevel(codec: string, levels: CompressionLevels, level: number | undefined): number {
  if (level === undefined) return levels.default;
  if (!Number.isInteger(level) || level < levels.min || level > levels.max) {
    throw new EncodeError(
      `${codec} compression level must be an integer in [${levels.min}, ${levels.max}], got ${level}`,
    );
  }
  return level;
}
