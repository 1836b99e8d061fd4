/** Luna plans with services for the service rules' tests: init starts /etc/init, each service a program of its own. */
import { LUNA_EXAMPLE } from '../../../../compiler/check/rules/examples.js';

const PASSWD = '    /etc/passwd: "root:x:0:0::/:/bin/sh\\nselene:x:1000:1000::/:/bin/sh\\n"\n    /etc/group: "root:x:0:\\nselene:x:1000:\\n"\n';

/**
 * `services`: file name → [service file lines, the program's steps]; the program is /bin/<file
 * name without its number>. `programs`: more programs (name → steps), each given a file.
 */
export function servicePlan(services: Record<string, [string[], string[]]>, programs: Record<string, string[]> = {}): string {
  const program = (file: string) => `/bin/${file.replace(/^\d+-/, '')}`;
  const files = Object.entries(services).map(([file, [lines]]) => `    ${program(file)}: { mode: '0755' }\n    /etc/init/${file}: "${[`Command=${program(file)}`, ...lines].map((l) => `${l}\\n`).join('')}"\n`).join('');
  const extra = Object.keys(programs).map((p) => `    ${p}: { mode: '0755' }\n`).join('');
  const steps = (list: string[]) => (list.length === 0 ? '    []\n' : list.map((s) => `    - ${s}\n`).join(''));
  const bodies = [...Object.entries(services).map(([file, [, list]]) => [program(file), list] as const), ...Object.entries(programs)].map(([p, list]) => `  ${p}:\n${steps(list)}`).join('');
  return `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /dev: { dir: true }\n${PASSWD}${files}${extra}programs:\n  /bin/preinit:\n    - { services: /etc/init }\n    - { supervise: {} }\n${bodies}`;
}
