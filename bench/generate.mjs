// Generates a synthetic unikraft@0.17 boot plan of N entries that checks clean: each library has a
// few initcalls spread over the levels, each uses a capability provided at a strictly lower key.
import { writeFileSync } from 'node:fs';

const LEVELS = ['early', 'plat', 'lib', 'rootfs', 'sys', 'late'];

export function generatePlan(n, { perLib = 10 } = {}) {
  const lines = [
    'bootplan: 1',
    `name: synthetic-${n}`,
    'profile: unikraft@0.17',
    'target: qemu/x86_64',
    'memory: 4Gi',
    'libraries:',
  ];
  let made = 0;
  let lib = 0;
  while (made < n) {
    lines.push(`  lib${lib}:`);
    lines.push('    initcalls:');
    for (let i = 0; i < perLib && made < n; i++, made++) {
      const slot = (made * 7919) % (LEVELS.length * 10);
      const level = LEVELS[Math.floor(slot / 10)];
      const prio = slot % 10;
      const provides = `cap${made}`;
      // Use something provided at a strictly smaller key: an earlier entry whose slot is lower.
      const uses = ['alloc'];
      if (made > 0) {
        const prev = made - 1;
        const prevSlot = (prev * 7919) % (LEVELS.length * 10);
        if (prevSlot < slot) uses.push(`cap${prev}`);
      }
      lines.push(`      - fn: lib${lib}_init${i}`);
      lines.push(`        level: ${level}`);
      lines.push(`        prio: ${prio}`);
      lines.push(`        uses: [${uses.join(', ')}]`);
      lines.push(`        provides: [${provides}]`);
      lines.push(`        cost: 10us`);
    }
    lib++;
  }
  lines.push('  app:');
  lines.push('    main: { uses: [sched] }');
  return lines.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1000);
  writeFileSync(process.argv[3] ?? `/tmp/plan-${n}.yaml`, generatePlan(n));
}
