/** Compile and check plan text in memory, the way the CLI does from files. */
import { check, compile, loadPlanText, locate } from '../../compiler/index.js';
import { memoryHost, type HostFs } from '../../compiler/host.js';
import type { Compiled, Diagnostic } from '../../compiler/types.js';

export async function checkText(text: string, files: Record<string, string> = {}, name = '/virtual/plan.yaml', host?: HostFs): Promise<{ compiled: Compiled | null; diagnostics: Diagnostic[] }> {
  const source = loadPlanText(name, text, files);
  const { compiled, diagnostics } = compile(source);
  if (compiled) diagnostics.push(...check(compiled, host ? { host } : {}));
  return { compiled, diagnostics: await locate(source, diagnostics) };
}

export function codes(diagnostics: Diagnostic[], severity?: Diagnostic['severity']): string[] {
  return diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.code);
}

export const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';

/** The host a rule example's `hostFiles` make, beside a plan in `folder`. */
export function exampleHost(hostFiles: Record<string, string> | undefined, folder: string): HostFs | undefined {
  if (!hostFiles) return undefined;
  return memoryHost(Object.fromEntries(Object.entries(hostFiles).map(([path, text]) => [`${folder}/${path}`, text])));
}
