/** Commands registered beyond the compiler's own (run, verify, import), added as they land. */
import type { Command } from 'commander';

export const COMMANDS: Array<(program: Command) => void> = [];
