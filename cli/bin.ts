#!/usr/bin/env node
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

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`bootplan: internal error: ${String(err)}\n`);
    process.exitCode = 3;
  },
);
