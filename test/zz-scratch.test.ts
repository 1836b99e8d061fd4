import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importLinuxSystemMap } from '../compiler/import/linux-system-map.js';
import { importUnikraftNm } from '../compiler/import/unikraft-nm.js';
import { writePlan } from '../compiler/import/write-plan.js';
it('scratch', () => {
const imp = importUnikraftNm(readFileSync('/work/shared/fixtures/unikraft-0.17-rich/nm.txt', 'latin1'));
console.log(writePlan(imp));
const l = writePlan(importLinuxSystemMap(readFileSync('/work/shared/fixtures/linux-6.1/System.map', 'latin1')));
console.log(l.slice(0, 3000));
});
