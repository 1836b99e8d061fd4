// Holds a catalog's `source` lines against a checkout of the upstream tree: every fact must point
// at an existing file and line, and the line should name the fact (a glob's literal prefix, or the
// syscall macro that defines `uk_syscall_[er]_<name>`). Usage (after `npm run build`):
//   node bench/check-catalog-sources.mjs UPSTREAM_DIR [--catalog FILE]... [--repo owner/name=DIR]...
// Exit 1 when a source is missing; lines that do not name the fact are printed for a look.
import { existsSync, readFileSync } from 'node:fs';
import { loadCatalog } from '../dist/import/catalog.js';

const args = process.argv.slice(2);
const root = args[0];
if (!root) {
  console.error('usage: node bench/check-catalog-sources.mjs UPSTREAM_DIR [--catalog FILE]... [--repo owner/name=DIR]...');
  process.exit(2);
}
const user = [];
const repos = new Map();
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--catalog') user.push(args[++i]);
  else if (args[i] === '--repo') {
    const [name, dir] = args[++i].split('=');
    repos.set(name, dir);
  }
}
const { catalog, diagnostics } = loadCatalog('unikraft', user);
for (const d of diagnostics) console.error(d.message);
if (!catalog) process.exit(2);
let missing = 0;
let facts = 0;
for (const fact of [...catalog.calls.all(), ...catalog.registrations.all()]) {
  facts++;
  const other = /^([^ ]+\/[^ ]+) (.*)$/.exec(fact.source);
  const base = other ? repos.get(other[1]) : root;
  const ref = other ? other[2] : fact.source;
  if (!base) {
    console.log(`SKIP    ${fact.name}: ${fact.source} (pass --repo ${other[1]}=DIR)`);
    continue;
  }
  const [path, line] = ref.split(':');
  const file = `${base}/${path}`;
  const text = existsSync(file) ? readFileSync(file, 'latin1').split('\n')[Number(line) - 1] : undefined;
  if (text === undefined) {
    missing++;
    console.log(`MISSING ${fact.name}: ${fact.source} (${fact.file}:${fact.line})`);
    continue;
  }
  const key = fact.name.replace(/\*.*$/, '').replace(/^uk_syscall_[er]_/, '');
  if (!text.includes(key)) console.log(`LOOK    ${fact.name}: ${fact.source}: ${text.trim()}`);
}
console.log(`${facts} facts, ${missing} missing`);
process.exit(missing > 0 ? 1 : 0);
