/** Every `kafe` command, in the order `kafe --help` lists them. */
import type { Command } from '../command.js';
import { profileCommands } from './profiles.js';
import { topicCommands } from './topics.js';

/** The command table. */
export const allCommands: readonly Command[] = [...topicCommands, ...profileCommands];
