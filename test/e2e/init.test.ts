/**
 * `bootplan init` as a user runs it: a starting plan per profile that checks, and plans made from
 * Kraftfiles (test/fixtures/init, written for these tests in the shapes of reference unikraft.md §6)
 * that check and boot, with the catalog's libraries in them and the rest said in comments.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'init');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const codes = (plan: string, cwd = dir) => (JSON.parse(bootplan(['check', plan, '--format', 'json'], cwd).stdout) as Array<{ messages: Array<{ code: string; severity: string }> }>)[0]!.messages;

describe('bootplan init --profile --target', () => {
  for (const profile of ['unikraft', 'unikraft@0.17', 'unikraft@0.13', 'linux@6.1', 'zephyr@3']) {
    it(`a starting plan for ${profile} checks (nothing proven is fine)`, () => {
      const out = join(dir, `${profile}.yaml`);
      const r = bootplan(['init', '--profile', profile, '-o', out]);
      expect(r.code).toBe(0);
      const found = codes(out);
      expect(found.filter((d) => d.severity === 'error')).toEqual([]);
      expect(found.map((d) => d.code).filter((c) => c !== 'nothing-proven')).toEqual([]);
    });
  }

  it('writes the target asked for and guides with the profile\'s levels', () => {
    const r = bootplan(['init', '--profile', 'unikraft@0.17', '--target', 'fc/x86_64']);
    expect(r.code).toBe(0);
    expect(parse(r.stdout)).toMatchObject({ bootplan: 1, profile: 'unikraft@0.17', target: 'fc/x86_64' });
    expect(r.stdout).toMatch(/# {3}initcalls: init table, levels early 1, plat 2, lib 3, rootfs 4, sys 5, late 6/);
  });

  it('refuses a target the profile does not boot on, an unknown profile, and replacing a file (exit 2)', () => {
    expect(bootplan(['init', '--target', 'qemu/riscv64']).code).toBe(2);
    const unknown = bootplan(['init', '--profile', 'unikraf']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "unikraft"');
    const out = join(dir, 'exists.yaml');
    writeFileSync(out, 'keep me\n');
    expect(bootplan(['init', '-o', out]).code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(bootplan(['init', '-o', out, '--force']).code).toBe(0);
  });
});

describe('bootplan init --kraftfile', () => {
  it('nginx (spec v0.6): the catalog\'s lwip, the volume as 9p, the rootfs folder as the initrd; checks and boots', () => {
    const work = join(dir, 'nginx');
    cpSync(join(FIXTURES, 'nginx'), work, { recursive: true });
    const r = bootplan(['init', '--kraftfile', 'Kraftfile', '-o', 'plan.yaml'], work);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('fc/arm64');
    expect(r.stderr).toContain('library nginx: not in the catalog');
    const text = readFileSync(join(work, 'plan.yaml'), 'utf8');
    const plan = parse(text) as { profile: string; target: string; cmdline: string; initrd: string; devices: unknown[]; mounts: Array<{ dev: string; at: string; fs: string }>; libraries: Record<string, { initcalls?: Array<{ fn: string; level: string; prio: number; term?: string }> }> };
    expect(plan.profile).toBe('unikraft@0.21'); // `unikraft: staging`: the newest line
    expect(plan.target).toBe('qemu/x86_64');
    expect(plan.cmdline).toBe('-- -c /nginx/conf/nginx.conf');
    expect(plan.devices).toEqual([{ kind: 'virtio-9p', tag: 'fs0', hostdir: 'html' }]);
    expect(plan.mounts.map((m) => m.at)).toEqual(['/', '/nginx/html']);
    // `rootfs: ./rootfs` is a folder: the initrd the machine packs from it, extracted at /.
    expect(plan.initrd).toBe('rootfs');
    expect(plan.mounts[0]).toEqual({ dev: 'initrd0', at: '/', fs: 'extract' });
    expect(plan.libraries.lwip!.initcalls![0]).toMatchObject({ fn: 'liblwip_init', level: 'lib', prio: 9, term: 'liblwip_term' });
    expect(Object.keys(plan.libraries)).toEqual(['ukbus', 'vfscore', 'lwip', 'app']);
    expect(text).toContain('# library nginx (staging): the catalog does not know its registrations');
    expect(text).toContain('# library musl (staging): registers no boot entries');
    expect(codes('plan.yaml', work).filter((d) => d.severity !== 'note')).toEqual([]);
    const run = bootplan(['run', 'plan.yaml'], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('VFS: mounting 9pfs at /nginx/html');
    expect(run.stdout).toMatch(/Extracting initrd @ 0x[0-9a-f]+ \(\d+ bytes, source: "initrd0"\) to \//);
    expect(readdirSync(work).sort()).toEqual(['Kraftfile', 'html', 'plan.yaml', 'rootfs']); // nothing written beside it
  });

  /** The nginx fixture with `rootfs: ./Dockerfile` and this Dockerfile (and .dockerignore). */
  function dockerWork(name: string, dockerfile: string, dockerignore?: string): string {
    const work = join(dir, name);
    cpSync(join(FIXTURES, 'nginx'), work, { recursive: true });
    writeFileSync(join(work, 'Dockerfile'), dockerfile);
    if (dockerignore !== undefined) writeFileSync(join(work, '.dockerignore'), dockerignore);
    writeFileSync(join(work, 'Kraftfile'), readFileSync(join(work, 'Kraftfile'), 'utf8').replace('rootfs: ./rootfs', 'rootfs: ./Dockerfile'));
    return work;
  }
  type DockerPlan = { initrd?: string; mounts: Array<{ dev: string; at: string; fs: string; note?: string }> };

  it('a Dockerfile rootfs that is exactly one local folder (FROM scratch, COPY ./rootfs /): that folder is the initrd; checks and boots', () => {
    const work = dockerWork('docker-exact', '# syntax=docker/dockerfile:1\nFROM scratch\n\n# the whole root\nCOPY ./rootfs /\nCMD ["/nginx"]\n', '/.unikraft/\n');
    const r = bootplan(['init', '--kraftfile', 'Kraftfile', '-o', 'plan.yaml'], work);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('stands in');
    const text = readFileSync(join(work, 'plan.yaml'), 'utf8');
    const plan = parse(text) as DockerPlan;
    expect(plan.initrd).toBe('rootfs');
    expect(plan.mounts[0]).toEqual({ dev: 'initrd0', at: '/', fs: 'extract' });
    expect(text).toContain("one copy of the folder rootfs to / (line 5): that folder is the whole root filesystem");
    expect(codes('plan.yaml', work).filter((d) => d.severity === 'error')).toEqual([]);
    const run = bootplan(['run', 'plan.yaml'], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Extracting initrd @ 0x[0-9a-f]+ \(\d+ bytes, source: "initrd0"\) to \//);
  });

  it('a Dockerfile rootfs only a build can make (stages, RUN, COPY --from, a copy below /): an empty ramfs stands in, and stderr and the plan say why and how to give the real root', () => {
    const work = dockerWork('docker-build', 'FROM debian:bookworm AS build\nRUN mkdir -p /out && echo hi > /out/x\n\nFROM scratch\nCOPY --from=build /out /\nCOPY ./rootfs /etc/nginx\n');
    const r = bootplan(['init', '--kraftfile', 'Kraftfile', '-o', 'plan.yaml'], work);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('bootplan: note: rootfs ./Dockerfile: an empty ramfs stands in for the root the Dockerfile builds (line 5: `COPY --from=build /out /` copies from another stage or image; 1 more reason: the plan\'s header)');
    expect(r.stderr).toContain('`docker build -o rootfs -f ./Dockerfile .`');
    const text = readFileSync(join(work, 'plan.yaml'), 'utf8');
    const plan = parse(text) as DockerPlan;
    expect(plan.initrd).toBeUndefined();
    expect(plan.mounts[0]).toMatchObject({ dev: 'none', at: '/', fs: 'ramfs' });
    expect(plan.mounts[0]!.note).toContain('Dockerfile ./Dockerfile (bootplan does not run builds)');
    expect(text).toContain('#   - line 6: `COPY ./rootfs /etc/nginx` copies below the root');
    expect(text).toContain('# To check the real root: `docker build -o rootfs -f ./Dockerfile .`');
    expect(codes('plan.yaml', work).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a .dockerignore that may leave files of the copied folder out keeps the stand-in; FROM scratch copying nothing is an empty root, exactly', () => {
    const ignored = dockerWork('docker-ignored', 'FROM scratch\nCOPY rootfs/ /\n', '# not the drafts\nrootfs/*.bak\n');
    expect(bootplan(['init', '--kraftfile', 'Kraftfile', '-o', 'plan.yaml'], ignored).stderr).toContain('.dockerignore: `rootfs/*.bak` may leave files of rootfs out');
    expect((parse(readFileSync(join(ignored, 'plan.yaml'), 'utf8')) as DockerPlan).mounts[0]).toMatchObject({ dev: 'none', fs: 'ramfs' });
    const empty = dockerWork('docker-empty', 'FROM scratch\n# COPY --from=build / /\n');
    const r = bootplan(['init', '--kraftfile', 'Kraftfile', '-o', 'plan.yaml'], empty);
    expect(r.stderr).not.toContain('stands in');
    const text = readFileSync(join(empty, 'plan.yaml'), 'utf8');
    expect((parse(text) as DockerPlan).mounts[0]!.note).toContain('an empty root, exactly');
    expect(codes('plan.yaml', empty).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a legacy kraft.yaml (v0.5, unikraft 0.17.0, kvm target, a 9p root) gets unikraft@0.17 and checks clean', () => {
    const work = join(dir, 'hello');
    cpSync(join(FIXTURES, 'helloworld-9p'), work, { recursive: true });
    const r = bootplan(['init', '--kraftfile', 'kraft.yaml'], work);
    expect(r.code).toBe(0);
    const plan = parse(r.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({ name: 'helloworld-9p', profile: 'unikraft@0.17', target: 'qemu/x86_64', cmdline: '-- hello world', mounts: [{ dev: 'fs0', at: '/', fs: '9pfs' }] });
    writeFileSync(join(work, 'plan.yaml'), r.stdout);
    expect(codes('plan.yaml', work)).toEqual([]);
  });

  it('a Kraftfile that is not YAML is located (exit 2), a missing one too', () => {
    const bad = bootplan(['init', '--kraftfile', join(FIXTURES, 'bad-Kraftfile')]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/bad-Kraftfile:4:1/);
    expect(bootplan(['init', '--kraftfile', join(dir, 'no-such-Kraftfile')]).code).toBe(2);
  });
});
