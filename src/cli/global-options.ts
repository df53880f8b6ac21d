/** Options every command takes, connecting or not. */
import type { OptionSpecs } from './command.js';

/** `--help` and `--json`, on every command. */
export const globalOptions: OptionSpecs = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  json: { type: 'boolean', description: 'print JSON (for scripts) instead of text' },
};
