/** "Did you mean": the closest known word, if it is close enough to be a typo. */

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

/** No real name (level, library, entry, capability, key) is longer; longer words get no guess. */
export const LONGEST_NAME = 256;

/**
 * The known name closest to `word`: a typo of it (edit distance within a third of the length), or
 * else the one name it shortens or spells out (`platform` → `plat`, `dev` → `device`, `rtfs` →
 * `rootfs`), when exactly one does. Words longer than any name get no guess.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > LONGEST_NAME) return undefined;
  const names = Array.isArray(candidates) ? (candidates as string[]) : [...candidates];
  return closestTypo(word, names) ?? onlyAbbreviation(word, names);
}

/** At least this long, the shorter of two names can be the other's abbreviation. */
const SHORTEST_ABBREVIATION = 3;

/**
 * Whether `short` abbreviates `long`: same first letter, its letters in order in `long`, and at
 * least a third as long (`plat`/`platform`, `rtfs`/`rootfs`; not `sys`/`systemd-networkd`).
 * 0 for a prefix, 1 for other abbreviations, undefined for none. Linear in the two lengths.
 */
function abbreviation(short: string, long: string): 0 | 1 | undefined {
  if (short.length < SHORTEST_ABBREVIATION || short.length >= long.length || short.length * 3 < long.length || short[0] !== long[0]) return undefined;
  if (long.startsWith(short)) return 0;
  let at = 0;
  for (const ch of short) {
    at = long.indexOf(ch, at) + 1;
    if (at === 0) return undefined;
  }
  return 1;
}

/** The one name that `word` abbreviates or that abbreviates `word` (prefixes first); none when two do. */
function onlyAbbreviation(word: string, names: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestKind = 2;
  let ties = 0;
  for (const c of names) {
    const other = c.toLowerCase();
    const kind = lower.length < other.length ? abbreviation(lower, other) : abbreviation(other, lower);
    if (kind === undefined || kind > bestKind) continue;
    if (kind < bestKind) {
      best = c;
      bestKind = kind;
      ties = 0;
    } else if (c !== best) ties++;
  }
  return ties === 0 ? best : undefined;
}

function closestTypo(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    // A candidate whose length alone puts it past the typo limit cannot be the guess.
    const lengthGap = Math.abs(c.length - word.length);
    if (lengthGap > bestScore || lengthGap > Math.max(1, Math.floor(Math.max(word.length, c.length) / 3))) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestScore || (d === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}
