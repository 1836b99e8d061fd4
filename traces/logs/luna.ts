/**
 * Reading a Luna-style console (traces/logs/write-luna.ts) back into events: step calls, faults,
 * printed lines and the end. Never throws; lines it cannot read are warnings.
 */
import type { Diagnostic } from '../../compiler/types.js';
import type { TraceEvent } from '../events.js';
import { forEachLine, logText, type LogText, type ParsedLog, type ParseOptions } from './parsed-log.js';

const LINE = /^\[\s*(\d{1,12})\.(\d{6})\] (.*)$/;

/** Whether a line is one of the Luna console's. */
export function looksLikeLunaLine(line: string): boolean {
  return LINE.test(line);
}

export function parseLunaConsole(text: LogText, options: ParseOptions = {}): ParsedLog {
  const file = options.file ?? 'console';
  const events: TraceEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  let bad = 0;
  forEachLine(logText(text), (raw, line) => {
    if (raw.trim() === '') return;
    const m = LINE.exec(raw.replace(/\r$/, ''));
    if (!m) {
      if (bad++ === 0) diagnostics.push({ code: 'LOG_MALFORMED', severity: 'warning', message: 'a line that is not a Luna console line was left out', location: { file, line, column: 1 } });
      return;
    }
    const t = (Number(m[1]) * 1e6 + Number(m[2])) * 1000;
    const body = m[3]!;
    const seq = events.length;
    let c: RegExpExecArray | null;
    if ((c = /^> (\S+)(?: \(pid (\d+)\))?$/.exec(body))) {
      events.push({ seq, t, ev: 'call', id: c[1]!, ...(c[2] ? { pid: Number(c[2]) } : {}), line });
    } else if ((c = /^! fault in (\S+): (.*)$/.exec(body))) {
      events.push({ seq, t, ev: 'fault', id: c[1]!, reason: c[2]!, line });
    } else if ((c = /^= (HALT|CRASH): (.*)$/.exec(body))) {
      events.push({ seq, t, ev: 'halt', target: c[1] as 'HALT' | 'CRASH', reason: c[2]!, line });
    } else if ((c = /^(\S+): (.*)$/.exec(body))) {
      events.push({ seq, t, ev: 'log', lib: c[1]!, msg: c[2]!, line });
    } else {
      events.push({ seq, t, ev: 'log', msg: body, line });
    }
  });
  return { format: 'luna', events, diagnostics };
}
