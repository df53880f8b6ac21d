/** Every `kafe` command, in the order `kafe --help` lists them. */
import type { Command } from '../command.js';
import { aclCommands } from './acls.js';
import { clusterCommands } from './cluster.js';
import { completionCommand } from './completion-command.js';
import { configCommands } from './configs.js';
import { consumeCommands } from './consume.js';
import { groupCommands } from './groups.js';
import { offsetCommands } from './offsets.js';
import { perfCommands } from './perf.js';
import { produceCommands } from './produce.js';
import { profileCommands } from './profiles.js';
import { topicCommands } from './topics.js';
import { transactionCommands } from './transactions.js';

/** The command table. */
export const allCommands: readonly Command[] = [
  ...produceCommands,
  ...consumeCommands,
  ...topicCommands,
  ...groupCommands,
  ...configCommands,
  ...offsetCommands,
  ...clusterCommands,
  ...aclCommands,
  ...transactionCommands,
  ...perfCommands,
  ...profileCommands,
  completionCommand(() => allCommands),
];
