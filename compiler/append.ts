/**
 * Appends every item of `items` to `target` and returns `target`.
 *
 * `target.push(...items)` passes each item as an argument, and V8 refuses calls with more than
 * about 120,000 arguments ("Maximum call stack size exceeded"): a plan with a million duplicate
 * registrations has a million diagnostics. Lists that grow with the plan are joined with this.
 */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
  return target;
}
