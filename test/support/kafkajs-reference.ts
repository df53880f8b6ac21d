/**
 * Where KafkaJS 2.2.4's reference material lives: `shared/peers/kafkajs/` beside the repository
 * (`../shared/` of a clone; a worktree nested deeper finds it in the nearest ancestor that has
 * it). Its types, type test, docs and spec files are MIT licensed, run from there and never
 * copied into the project. `KAFE_KAFKAJS_REFERENCE` names another place.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const repositoryRoot = join(import.meta.dirname, '../..');

/** The folder of KafkaJS's reference material (the nearest `shared/peers/kafkajs` above the repository). */
export function kafkajsReference(): string {
  if (process.env.KAFE_KAFKAJS_REFERENCE !== undefined) return process.env.KAFE_KAFKAJS_REFERENCE;
  let dir = dirname(repositoryRoot);
  for (;;) {
    const candidate = join(dir, 'shared', 'peers', 'kafkajs');
    if (existsSync(candidate) || dirname(dir) === dir) return candidate;
    dir = dirname(dir);
  }
}
