/** Compile and check plan text in memory, the way the CLI does from files. */
import { check, compile, loadPlanText, locate } from '../../compiler/index.js';
import type { Compiled, Diagnostic } from '../../compiler/types.js';

export async function checkText(text: string, files: Record<string, string> = {}, name = '/virtual/plan.yaml'): Promise<{ compiled: Compiled | null; diagnostics: Diagnostic[] }> {
  const source = loadPlanText(name, text, files);
  const { compiled, diagnostics } = compile(source);
  if (compiled) diagnostics.push(...check(compiled));
  return { compiled, diagnostics: await locate(source, diagnostics) };
}

export function codes(diagnostics: Diagnostic[], severity?: Diagnostic['severity']): string[] {
  return diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.code);
}

export const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
