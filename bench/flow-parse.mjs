// Measurement only (issue 13, item 4): would a parser specialised to the plan language's
// flow-style entries (`- { fn: f, level: lib, prio: 4, uses: [a, b] }`) beat js-yaml? It reads
// every flow-style entry line of a plan with a small char-code scanner (anything it does not know
// gives up, where a real one would fall back to js-yaml), checks each value it returns against
// js-yaml's for the same line, and times both over the same lines (CPU time, medians of 7).
// Nothing in bootplan uses this scanner.
// Usage: node bench/flow-parse.mjs PLAN.yaml  → one line of text
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';

const text = readFileSync(process.argv[2], 'utf8');
const lines = text.split('\n').filter((l) => /^\s*- \{.*\}\s*$/.test(l));
// Plain scalars js-yaml's default schema would read as something other than a string or a decimal.
const RESERVED = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);
const isLetter = (c) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c) => c >= 48 && c <= 57;
const isToken = (c) => isLetter(c) || isDigit(c) || c === 95 || c === 46 || c === 45 || c === 47;

/** A token's value: a decimal integer, a number with a unit (`240us`), a word; undefined otherwise. */
function tokenValue(line, s, e) {
  const c0 = line.charCodeAt(s);
  if (isDigit(c0)) {
    let j = s;
    while (j < e && isDigit(line.charCodeAt(j))) j++;
    if (j === e) return (c0 === 48 && e - s > 1) || e - s > 15 ? undefined : Number(line.slice(s, e));
    if (c0 === 48) return undefined; // 0x…, 0o…, 0b… are numbers to js-yaml
    for (let k = j; k < e; k++) if (!isLetter(line.charCodeAt(k))) return undefined;
    return line.slice(s, e);
  }
  if (!isLetter(c0) && c0 !== 95) return undefined;
  const word = line.slice(s, e);
  return RESERVED.has(word) ? undefined : word;
}

/** `- { key: value, key: [v, v] }` as an object, or undefined for anything else. */
function parseFlowEntry(line) {
  let i = line.indexOf('- {') + 3;
  const n = line.lastIndexOf('}');
  const out = {};
  const token = () => {
    const s = i;
    while (i < n && isToken(line.charCodeAt(i))) i++;
    return i === s ? undefined : tokenValue(line, s, i);
  };
  for (;;) {
    while (line.charCodeAt(i) === 32) i++;
    if (i >= n) return out;
    const s = i;
    while (i < n && (isLetter(line.charCodeAt(i)) || line.charCodeAt(i) === 95)) i++;
    if (i === s || line.charCodeAt(i) !== 58 || line.charCodeAt(i + 1) !== 32) return undefined;
    const key = line.slice(s, i);
    if (key in out) return undefined;
    i += 2;
    while (line.charCodeAt(i) === 32) i++;
    if (line.charCodeAt(i) === 91) {
      i++;
      const list = [];
      for (;;) {
        while (line.charCodeAt(i) === 32) i++;
        if (line.charCodeAt(i) === 93 && list.length === 0) break;
        const v = token();
        if (v === undefined) return undefined;
        list.push(v);
        while (line.charCodeAt(i) === 32) i++;
        if (line.charCodeAt(i) === 44) i++;
        else if (line.charCodeAt(i) === 93) break;
        else return undefined;
      }
      i++;
      out[key] = list;
    } else {
      const v = token();
      if (v === undefined) return undefined;
      out[key] = v;
    }
    while (line.charCodeAt(i) === 32) i++;
    if (i >= n) return out;
    if (line.charCodeAt(i) !== 44) return undefined;
    i++;
  }
}

let gaveUp = 0;
let differ = 0;
for (const line of lines) {
  const mine = parseFlowEntry(line);
  if (mine === undefined) gaveUp++;
  else if (!isDeepStrictEqual(mine, yaml.load(line)[0])) differ++;
}
const doc = lines.join('\n');
const cpuMs = (f) => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
const jsYaml = [];
const scanner = [];
for (let r = 0; r < 7; r++) {
  jsYaml.push(cpuMs(() => yaml.load(doc)));
  scanner.push(cpuMs(() => lines.map(parseFlowEntry)));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[3];
process.stdout.write(`${lines.length} flow-style entry lines (${((doc.length / text.length) * 100).toFixed(0)}% of the file's bytes): ${gaveUp} the scanner gives up on, ${differ} where it differs from js-yaml; js-yaml ${median(jsYaml).toFixed(0)} ms, scanner ${median(scanner).toFixed(0)} ms (CPU, medians of 7) → ${(median(jsYaml) / median(scanner)).toFixed(2)}× faster\n`);
