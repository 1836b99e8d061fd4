#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './main.js';

// `bootplan check ... | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // A full disk or a closed terminal: say so in one line (stderr may be the broken stream).
    try {
      process.stderr.write(`bootplan: cannot write the output: ${err.code ?? err.message}\n`);
    } catch {
      // nothing more can be said
    }
    process.exit(2);
  });
}

// Less inlining by V8's optimising compiler. The passes over a plan's entries each run once: at
// 10,000 entries the parser and resolve ran unoptimised for much of their time while their heavily
// inlined optimised code was still compiling (the flow reader alone took 45 ms to compile). With a
// tenth of the default budget a 10,000-entry check takes about 10% less time, 100,000 entries the
// same. Set here, after the output streams exist: V8 accepts compiled code from a cache only under
// the flags it was made with, and Node's own modules loaded after this point compile from source.
// Not in the build's warm run, whose cache is made under the default flags (bin/bootplan compiles
// the bundle before any of this runs); a budget given to node on its command line wins.
if (!process.env.BOOTPLAN_CODE_CACHE_OUT && !process.execArgv.some((arg) => arg.includes('max-inlined-bytecode-size'))) {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`bootplan: internal error: ${String(err)}\n`);
    process.exitCode = 3;
  },
);
