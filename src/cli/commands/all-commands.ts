/** Every `kafe` command, in the order `kafe --help` lists them. */
import type { Command } from '../command.js';
import { consumeCommands } from './consume.js';
import { groupCommands } from './groups.js';
import { produceCommands } from './produce.js';
import { profileCommands } from './profiles.js';
import { topicCommands } from './topics.js';

/** The command table. */
export const allCommands: readonly Command[] = [
  ...produceCommands,
  ...consumeCommands,
  ...topicCommands,
  ...groupCommands,
  ...profileCommands,
];
