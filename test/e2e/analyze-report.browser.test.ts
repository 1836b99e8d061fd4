/**
 * The HTML report in a real headless Chromium: `playwright-core` driving Debian's `chromium`
 * (`scripts/ensure-tools.sh` installs it when missing and the suite runs as root). The test opens
 * the report of the real Linux 6.1 boot, with every network request refused, clicks entries and
 * checks what the page shows; it keeps a screenshot in test/out/. Without chromium it is skipped,
 * loudly — except under CI, where a missing browser fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} is missing: skipping the browser test of the HTML report (apt-get install -y chromium)`);

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures');
const OUT = join(process.cwd(), 'test', 'out');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-e2e-report-'));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the browser is there under CI', () => {
  it('finds chromium when CI is set', () => {
    expect(process.env.CI ? hasChromium : true).toBe(true);
  });
});

describe.skipIf(!hasChromium)('bootplan analyze --format html in headless Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const plan = join(dir, 'linux.yaml');
  const report = join(dir, 'linux.html');

  beforeAll(async () => {
    expect(bootplan('import', 'linux', '--system-map', join(FIXTURES, 'linux-6.1', 'System.map'), '-o', plan).code).toBe(0);
    const r = bootplan('analyze', plan, '--trace', join(FIXTURES, 'linux-6.1', 'initcall_debug.log'), '--format', 'html', '-o', report);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1500, height: 1000 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    // Self-contained: anything but the reports themselves is refused and recorded.
    const reports = pathToFileURL(dir).href + '/';
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(reports) && url.endsWith('.html')) return route.continue();
      problems.push(`request: ${url}`);
      return route.abort();
    });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.goto(pathToFileURL(report).href);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no request and no error, a timeline row per initcall', async () => {
    expect(await page.title()).toContain('linux (linux@6.1)');
    expect(await page.locator('#timeline .tl-row[data-entry]').count()).toBe(670);
    expect(await page.locator('#blame tbody tr').count()).toBe(670);
    expect(await page.textContent('#summary')).toContain('ended in CRASH');
    expect(problems).toEqual([]);
  });

  it('shows an entry\'s key, time, source line and trace line when its blame row is clicked', async () => {
    await page.click('#blame tr[data-entry="crypto_algapi.crypto_algapi_init"]');
    expect(await page.textContent('#details-id')).toBe('crypto_algapi.crypto_algapi_init');
    const details = (await page.textContent('#details-body'))!;
    expect(details).toContain('initcalls level late');
    expect(details).toContain('398.7 ms');
    const planLine = readFileSync(plan, 'utf8').split('\n').findIndex((l) => l.includes('fn: crypto_algapi_init,')) + 1;
    expect(planLine).toBeGreaterThan(0);
    expect(await page.textContent('#details-source')).toBe(`${plan}:${planLine}:9`);
    expect(await page.textContent('#details-trace')).toMatch(/initcall_debug\.log:1656$/);
    expect(details).toContain('calling  crypto_algapi_init+0x0/0x7e @ 1');
    expect(await page.getAttribute('#timeline .tl-row[data-entry="crypto_algapi.crypto_algapi_init"]', 'class')).toContain('selected');
  });

  it('selects from the timeline too, and zooms', async () => {
    await page.click('#timeline .tl-label[data-entry="acpi.acpi_init"]');
    expect(await page.textContent('#details-id')).toBe('acpi.acpi_init');
    const bar = page.locator('#timeline .tl-bar[data-entry="acpi.acpi_init"]');
    const before = (await bar.boundingBox())!.width;
    await page.click('#zoom-in');
    expect(await page.getAttribute('#timeline', 'data-zoom')).toBe('2');
    expect((await bar.boundingBox())!.width).toBeCloseTo(before * 2, 0);
    await page.click('#zoom-fit');
    expect(await page.getAttribute('#timeline', 'data-zoom')).toBe('1');
  });

  it('keeps a screenshot', async () => {
    await page.click('#blame tr[data-entry="crypto_algapi.crypto_algapi_init"]');
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'analyze-report.png');
    await page.screenshot({ path: file });
    expect(statSync(file).size).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
  });

  it('shows a plan\'s requirements as edges and the graph\'s nodes as entries', async () => {
    const nginx = join(process.cwd(), 'specs', 'plans', 'unikraft', 'nginx.yaml');
    const file = join(dir, 'nginx.html');
    expect(bootplan('analyze', nginx, '--format', 'html', '-o', file).code).toBe(0);
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('#chain .step').first().textContent()).toContain('nginx.main');
    await page.click('#graph circle[data-entry="vfscore.vfscore_automount"]');
    expect(await page.textContent('#details-id')).toBe('vfscore.vfscore_automount');
    const edges = (await page.textContent('#details-edges'))!;
    expect(edges).toContain('→ this (uses alloc, proven)');
    expect(edges).toMatch(/this → \S+ \(uses mount:\/, proven\)/);
    expect(problems).toEqual([]);
  });
});
