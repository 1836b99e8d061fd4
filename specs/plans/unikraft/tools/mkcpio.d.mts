export interface TreeEntry {
  path: string;
  dir: boolean;
  data?: Buffer;
}
export function listTree(root: string): TreeEntry[];
export function buildCpio(entries: TreeEntry[]): Buffer;
