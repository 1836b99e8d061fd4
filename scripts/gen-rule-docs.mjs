// `npm run docs`: writes docs/rules/CODE.md for every rule and every code `bootplan verify`
// reports, and docs/rules/README.md, from their own doc texts and examples in the built dist/
// (test/docs/rule-pages.test.ts fails when the committed pages differ from what this writes).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { RULES } = await import(new URL('dist/compiler/check/rules/index.js', `file://${root}/`).href);
const { codeMarkdown, ruleMarkdown, rulesIndexMarkdown } = await import(new URL('dist/compiler/emit/rule-doc.js', `file://${root}/`).href);
const { VERIFY_CODES } = await import(new URL('dist/traces/verify/verify-codes.js', `file://${root}/`).href);
const dir = `${root}/docs/rules`;
mkdirSync(dir, { recursive: true });
const wanted = new Set([...RULES.map((r) => `${r.code}.md`), ...Object.keys(VERIFY_CODES).map((c) => `${c}.md`)]);
for (const f of readdirSync(dir)) if (f.endsWith('.md') && f !== 'README.md' && !wanted.has(f)) rmSync(`${dir}/${f}`);
for (const rule of RULES) writeFileSync(`${dir}/${rule.code}.md`, ruleMarkdown(rule));
for (const [code, entry] of Object.entries(VERIFY_CODES)) writeFileSync(`${dir}/${code}.md`, codeMarkdown(code, entry));
writeFileSync(`${dir}/README.md`, rulesIndexMarkdown(RULES, VERIFY_CODES));
console.log(`docs/rules: ${RULES.length} rule pages, ${Object.keys(VERIFY_CODES).length} trace-finding pages`);
