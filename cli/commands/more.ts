/** Commands beyond the compiler's own: the emulated machine, verifying and analysing traces, importing plans. */
import type { Command } from 'commander';
import { register as importPlans } from './import.js';
import { register as runPlan } from './run.js';
import { register as verify } from './verify.js';
import { register as analyze } from './analyze.js';
import { register as profile } from './profile.js';
import { register as init } from './init.js';

export const COMMANDS: Array<(program: Command) => void> = [runPlan, verify, analyze, importPlans, profile, init];
