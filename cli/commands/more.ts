/** Commands beyond the compiler's own: verifying traces and importing plans. */
import type { Command } from 'commander';
import { register as importPlans } from './import.js';
import { register as verify } from './verify.js';

export const COMMANDS: Array<(program: Command) => void> = [verify, importPlans];
