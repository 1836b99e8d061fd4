/** bootplan graph as a user runs it: the bundled Linux plan, in parts, as dot, Mermaid and SVG. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const LINUX = join(process.cwd(), 'specs', 'plans', 'linux', 'qemu-x86_64.yaml');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-e2e-graph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The x of each node's label in a Graphviz SVG, by node id. */
function nodeX(svg: string): Map<string, number> {
  const xs = new Map<string, number>();
  for (const m of svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>[\s\S]*?<text[^>]* x="(-?[\d.]+)"/g)) xs.set(m[1]!.replace(/&#45;/g, '-'), Number(m[2]));
  return xs;
}

describe('bootplan graph --format svg', () => {
  it('draws the Linux plan with the boot order left to right, alloc hidden, and not blank', () => {
    const out = join(dir, 'linux.svg');
    const r = bootplan('graph', LINUX, '--hide', 'alloc', '--format', 'svg', '-o', out);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/<svg [^>]*viewBox=/);
    const x = nodeX(svg);
    const steps = ['core.boot', 'core.setup_arch', 'core.mm_init', 'core.vfs_caches_init', 'core.kernel_init', 'core.smp_init', 'core.do_basic_setup', 'init.main'];
    const stepX = steps.map((id) => x.get(id));
    expect(stepX.every((v) => v !== undefined)).toBe(true);
    expect([...stepX].sort((a, b) => a! - b!)).toEqual(stepX);
    // A level's entries share a column; the next level lies to its right.
    expect(x.get('futex-core.futex_init')).toBeCloseTo(x.get('socket.sock_init')!, 0);
    expect(x.get('mem.chr_dev_init')!).toBeGreaterThan(x.get('socket.sock_init')!);
    for (const level of ['level console', 'level core', 'level device', 'level late']) expect(svg).toContain(`>${level}</text>`);
    expect(svg).not.toContain('>alloc</text>');
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: 2400 }, background: 'white' }).render();
    const px = png.pixels;
    let dark = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i]! < 200) dark++;
    expect(dark).toBeGreaterThan(20_000);
  });

  it('draws one entry and its neighbours with --focus', () => {
    const r = bootplan('graph', LINUX, '--hide', 'alloc', '--focus', 'mem.chr_dev_init', '--format', 'svg');
    expect(r.code).toBe(0);
    expect([...nodeX(r.stdout).keys()].sort()).toEqual(['core.do_basic_setup', 'init.main', 'mem.chr_dev_init']);
  });
});

describe('bootplan graph: parts of the plan', () => {
  it('keeps only what lies between --from and --to', () => {
    const r = bootplan('graph', LINUX, '--from', 'core.do_basic_setup', '--to', 'init.main', '--hide', 'alloc');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"mem.chr_dev_init" -> "init.main"');
    expect(r.stdout).not.toContain('"core.boot"');
    expect(r.stdout).not.toContain('label="alloc"');
  });

  it('hides several capabilities, repeated or with commas, in Mermaid too', () => {
    const r = bootplan('graph', LINUX, '--hide', 'alloc,driver-core', '--hide', 'vfs', '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR\n/);
    expect(r.stdout).toContain('subgraph s');
    expect(r.stdout).not.toMatch(/\|"(alloc|driver-core|vfs)"\|/);
  });

  it('names an unknown node with a close one and exits 2', () => {
    const r = bootplan('graph', LINUX, '--focus', 'mem.chr_dev_int');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--focus mem.chr_dev_int: the plan has no such entry or core step; did you mean "mem.chr_dev_init"?');
    expect(bootplan('graph', LINUX, '--hide', 'aloc').stderr).toContain('--hide aloc: no edge of the plan is for this capability; did you mean "alloc"?');
    expect(bootplan('graph', LINUX, '--format', 'png').code).toBe(2);
    expect(bootplan('graph', LINUX, '--depth', '2').code).toBe(2);
  });
});
