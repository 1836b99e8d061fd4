import { describe, expect, it } from 'vitest';
import { parseKraftfile } from '../../import/kraftfile.js';

describe('parseKraftfile', () => {
  it('reads the v0.6 keys: targets with platform aliases, libraries in order, volumes, cmd', () => {
    const { kraftfile, diagnostics } = parseKraftfile('Kraftfile', [
      'spec: v0.6', 'name: web', 'unikraft: { version: v0.17.0 }', 'targets: [kvm/x86_64, firecracker/x86_64, kraftcloud/x86_64]',
      'libraries: { musl: stable, lwip: { version: staging } }', 'volumes: ["./html:/srv", { source: ./data, destination: /data }, ./root]', 'cmd: "-c conf"',
    ].join('\n'));
    expect(diagnostics).toEqual([]);
    expect(kraftfile).toMatchObject({
      name: 'web', unikraftVersion: 'v0.17.0',
      targets: [{ plat: 'qemu', arch: 'x86_64' }, { plat: 'fc', arch: 'x86_64' }, { plat: 'fc', arch: 'x86_64' }],
      libraries: [{ name: 'musl', version: 'stable' }, { name: 'lwip', version: 'staging' }],
      volumes: [{ source: './html', destination: '/srv' }, { source: './data', destination: '/data' }, { source: './root', destination: '/' }],
      cmd: ['-c', 'conf'],
    });
  });

  it('reads the v0.5 target objects and says where a target is not plat/arch', () => {
    const { kraftfile, diagnostics } = parseKraftfile('kraft.yaml', "specification: '0.5'\ntargets:\n  - { architecture: arm64, platform: qemu }\n  - riscv/sparc\n");
    expect(kraftfile!.targets).toEqual([{ plat: 'qemu', arch: 'arm64', line: 3 }]);
    expect(diagnostics).toMatchObject([{ code: 'IMPORT_KRAFTFILE', severity: 'warning', location: { line: 4 } }]);
  });

  it('bad YAML and a non-mapping are located errors, not exceptions', () => {
    expect(parseKraftfile('K', 'targets: [a\nname: x\n').diagnostics[0]).toMatchObject({ severity: 'error', location: { file: 'K' } });
    expect(parseKraftfile('K', '- a\n- b\n')).toMatchObject({ kraftfile: null, diagnostics: [{ severity: 'error' }] });
  });
});

describe('a key written twice', () => {
  it('is a warning at its line and the later value is read (unikraft/catalog ships such a Kraftfile)', () => {
    const { kraftfile, diagnostics } = parseKraftfile('K', 'name: a\nunikraft:\n  kconfig:\n    CONFIG_X: y\n    CONFIG_X: y\ntargets: [qemu/x86_64]\ncmd: [x]\ncmd: [y]\n');
    expect(diagnostics.map((d) => [d.severity, d.location?.line])).toEqual([['warning', 5], ['warning', 8]]);
    expect(kraftfile).toMatchObject({ name: 'a', cmd: ['y'], targets: [{ plat: 'qemu', arch: 'x86_64' }] });
  });
});
