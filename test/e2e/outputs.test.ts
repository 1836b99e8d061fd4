/** Outputs never destroy what they replace (issue 14): inputs refused, special files written in
 * place, path errors located with exit 2, a killed run leaves no temp file. */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const PLAN = `bootplan: 1
name: out
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  ukrandom:
    initcalls:
      - { fn: uk_random_init, level: early, prio: 9, uses: [alloc], provides: [random] }
  app:
    main: { uses: [random] }
`;
const plan = join(dir, 'plan.yaml');
writeFileSync(plan, PLAN);

describe('outputs', () => {
  it('refuses to write over the plan being read, by name or through a link, and keeps it', () => {
    for (const args of [['check', plan, '-o', plan], ['compile', plan, '-o', plan], ['run', plan, '--trace', plan]]) {
      const r = bootplan(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/one of this command's inputs/);
    }
    const link = join(dir, 'link.yaml');
    symlinkSync(plan, link);
    expect(bootplan('check', plan, '-o', link).code).toBe(2);
    expect(readFileSync(plan, 'utf8')).toBe(PLAN);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('writes a device in place instead of renaming over it', () => {
    const r = bootplan('check', plan, '-o', '/dev/null');
    expect(r.code).toBe(0);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a full device and a full stdout are one line and exit 2, not a stack', () => {
    const full = bootplan('check', plan, '-o', '/dev/full');
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/no space left/);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" check "${plan}" > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('path errors are exit 2 with a reason: missing folder, a file as folder, a long name, empty', () => {
    expect(bootplan('check', plan, '-o', join(dir, 'nowhere', 'r.txt')).stderr).toMatch(/folder does not exist/);
    const asFolder = bootplan('compile', plan, '-o', join(plan, 'out.json'));
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toMatch(/is a file, not a folder/);
    const long = bootplan('check', plan, '-o', join(dir, 'a'.repeat(5000)));
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/5\d{3} characters/);
    expect(long.stderr.length).toBeLessThan(600);
    expect(bootplan('check', plan, '-o', '').code).toBe(2);
  });

  it('an empty path, read or written, is a usage error before anything runs (it resolved to the working directory, or was skipped)', () => {
    const trace = join(dir, 'empty-trace.jsonl');
    for (const [args, said] of [
      [['check', ''], 'the plan path is empty'],
      [['check', plan, ''], 'the plan path is empty'],
      [['run', plan, '--trace', ''], '--trace: the path is empty'],
      [['run', plan, '--trace', trace, '--console', ''], '--console: the path is empty'],
      [['compile', plan, '-o', join(dir, 'c.json'), '--depfile', ''], '--depfile: the path is empty'],
      [['verify', plan, '-t', ''], '--trace: the path is empty'],
    ] as const) {
      const r = bootplan(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(`bootplan: ${said}${said.startsWith('the plan') ? ': give a file, a folder or a quoted glob' : ''}\n`);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(trace)).toBe(false);
  });

  it('a link to a regular file stays a link and its target gets the output', () => {
    const target = join(dir, 'report.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'report-link.json');
    symlinkSync(target, link);
    expect(bootplan('compile', plan, '-o', link).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveProperty('entries');
  });

  it('the pretty report of several plans written to a file keeps every plan', () => {
    const second = join(dir, 'second.yaml');
    writeFileSync(second, PLAN.replace('name: out', 'name: second'));
    const report = join(dir, 'two.txt');
    expect(bootplan('check', plan, second, '-o', report).code).toBe(0);
    const text = readFileSync(report, 'utf8');
    expect(text).toContain('plan.yaml');
    expect(text).toContain('second.yaml');
  });

  it('SIGTERM during run --trace leaves the old trace or a whole new one, and no temp file', async () => {
    const big = join(dir, 'big.yaml');
    const lines = ['bootplan: 1', 'name: big', 'profile: unikraft@0.17', 'target: qemu/x86_64', 'libraries:', '  many:', '    initcalls:'];
    for (let i = 0; i < 40000; i++) lines.push(`      - { fn: f${i}, level: lib, prio: 9 }`);
    writeFileSync(big, lines.join('\n') + '\n');
    const traceDir = mkdtempSync(join(dir, 'trace-'));
    const trace = join(traceDir, 'trace.jsonl');
    writeFileSync(trace, 'old\n');
    // Killed at some moment of the run, whichever: the invariant holds at every moment.
    for (const delay of [150, 400]) {
      const child = spawn(process.execPath, [BIN, 'run', big, '--trace', trace], { stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGTERM');
      await exited;
    }
    expect(readdirSync(traceDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(trace)).toBe(true);
    const text = readFileSync(trace, 'utf8');
    expect(text === 'old\n' || text.split('\n').length > 40000).toBe(true);
  }, 30_000);
});

describe('usage', () => {
  it('no command, or import with no subcommand, is a usage error (exit 2); --help is not', () => {
    expect(bootplan().code).toBe(2);
    expect(bootplan('import').code).toBe(2);
    expect(bootplan('--help').code).toBe(0);
  });
});

describe('huge values', () => {
  it('a 10 MB level name or key is reported in a bounded excerpt with its length', () => {
    const big = 'x'.repeat(10_000_000);
    const level = join(dir, 'huge-level.yaml');
    writeFileSync(level, PLAN.replace('level: early', `level: ${big}`));
    const r = bootplan('check', level);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('unknown-level');
    expect(r.stdout).toMatch(/10,000,0\d\d characters|characters\)/);
    expect(r.stdout.length).toBeLessThan(20_000);
    const key = join(dir, 'huge-key.yaml');
    writeFileSync(key, PLAN.replace('libraries:', `${big}: 1\nlibraries:`));
    const k = bootplan('check', key, '--format', 'json');
    expect(k.code).toBe(2);
    expect(k.stdout.length).toBeLessThan(20_000);
    expect(JSON.parse(k.stdout)[0].messages[0].code).toBe('unknown-key');
  });
});

describe('version', () => {
  it('a clone that was never built says so in one line (exit 2), not a stack', () => {
    const clone = mkdtempSync(join(dir, 'clone-'));
    mkdirSync(join(clone, 'bin'));
    copyFileSync(BIN, join(clone, 'bin', 'bootplan'));
    const r = spawnSync(process.execPath, [join(clone, 'bin', 'bootplan'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not built yet: run `npm ci`/);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string };
    expect(bootplan('--version').stdout.trim()).toBe(pkg.version);
  });
});

describe('bounded reading', () => {
  it('refuses devices and FIFOs as plans, traces and maps instead of reading forever, and reads - on purpose', () => {
    for (const args of [['check', '/dev/zero'], ['check', '/dev/urandom'], ['verify', plan, '--trace', '/dev/zero'], ['import', 'linux', '--system-map', '/dev/urandom']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout + r.stderr).toMatch(/not a regular file/);
    }
    const fifo = join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    const r = spawnSync(process.execPath, [BIN, 'check', fifo], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    const stdin = spawnSync(process.execPath, [BIN, 'check', '-'], { input: PLAN, encoding: 'utf8' });
    expect(stdin.status).toBe(0);
    expect(stdin.stdout).toMatch(/no problems found/);
  });

  it('gives up on standard input that sends nothing (a writer that hangs), for a plan and for a trace', async () => {
    // Standard input is a FIFO that this test holds open for writing and never writes to, as a
    // hung \`ssh host cat log | bootplan verify … -t -\` would.
    const fifo = join(dir, 'stalled-fifo');
    spawnSync('mkfifo', [fifo]);
    const stalled = (args: string[]) => new Promise<{ code: number | null; out: string }>((done) => {
      const held = openSync(fifo, 'r+');
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', BOOTPLAN_STALL_SECONDS: '1' }, stdio: [held, 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (code) => {
        clearTimeout(guard);
        closeSync(held);
        done({ code, out });
      });
    });
    for (const args of [['check', '-'], ['verify', plan, '--trace', '-']]) {
      const r = await stalled(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out, args.join(' ')).toMatch(/standard input sent nothing for 1 s; is anything writing to it\?/);
    }
  });

  it('counts the bytes of a trace as they arrive and stops at --max-bytes', () => {
    const log = join(dir, 'big.log');
    writeFileSync(log, 'calling  foo+0x0/0x10 @ 1\n'.repeat(10_000));
    const r = bootplan('verify', plan, '--trace', log, '--max-bytes', '1000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/more than the .* accepted \(raise it with --max-bytes\)/);
  });
});
