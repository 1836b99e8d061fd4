/**
 * The devicetree of a Zephyr build from `zephyr/include/generated/zephyr/devicetree_generated.h`
 * (written by scripts/dts/gen_defines.py): for every node its path (`DT_<id>_PATH`), dependency
 * ordinal (`DT_<id>_ORD`), the ordinals it depends on directly (`DT_<id>_REQUIRES_ORDS`: its
 * parent and the nodes its phandles point at), its node labels (`DT_N_NODELABEL_<label>`), status
 * and compatibles. These are the edges scripts/build/check_init_priorities.py checks.
 */
import type { Diagnostic } from '../../compiler/types.js';

export interface DevicetreeNode {
  /** `N_S_soc_S_i2c_40005400`. */
  id: string;
  path: string;
  ordinal: number;
  requires: number[];
  labels: string[];
  okay: boolean;
  /** Compatibles as identifiers (`st_stm32_i2c_v1`). */
  compatibles: string[];
  /** Line of its `_ORD` define. */
  line: number;
}

export interface Devicetree {
  byOrdinal: Map<number, DevicetreeNode>;
  diagnostics: Diagnostic[];
}

const DEFINE_RE = /^#define\s+DT_([A-Za-z0-9_]+)\s*(.*)$/;
const NODE_ID = '(N(?:_S_[A-Za-z0-9_]+?)?)';
const PATH_RE = new RegExp(`^${NODE_ID}_PATH$`);
const ORD_RE = new RegExp(`^${NODE_ID}_ORD$`);
const REQUIRES_RE = new RegExp(`^${NODE_ID}_REQUIRES_ORDS$`);
const STATUS_RE = new RegExp(`^${NODE_ID}_STATUS_okay$`);
const COMPAT_RE = new RegExp(`^${NODE_ID}_COMPAT_MATCHES_([A-Za-z0-9_]+)$`);
const LABEL_RE = /^N_NODELABEL_([A-Za-z0-9_]+)$/;

/** Reads the header. Never throws; a define it cannot read is a warning with its line. */
export function readDevicetree(text: string, file = 'devicetree_generated.h'): Devicetree {
  const nodes = new Map<string, Partial<DevicetreeNode> & { id: string }>();
  const diagnostics: Diagnostic[] = [];
  const node = (id: string): Partial<DevicetreeNode> & { id: string } => {
    let n = nodes.get(id);
    if (!n) {
      n = { id, labels: [], compatibles: [], requires: [], okay: false };
      nodes.set(id, n);
    }
    return n;
  };
  const warn = (line: number, message: string): void => {
    diagnostics.push({ code: 'IMPORT_ZEPHYR_DEVICETREE_LINE', severity: 'warning', message, location: { file, line, column: 1 } });
  };

  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let logical = lines[i]!;
    // A define continues while its line ends with a backslash (REQUIRES_ORDS lists do).
    while (logical.endsWith('\\') && i + 1 < lines.length && logical.length < 1_000_000) logical = `${logical.slice(0, -1)}\n${lines[++i]!}`;
    if (!logical.startsWith('#define')) continue;
    const d = DEFINE_RE.exec(logical.replace(/\n/g, ' '));
    if (!d) continue;
    const [, name, valueText] = d as unknown as [string, string, string];
    const value = valueText.trim();
    let m: RegExpExecArray | null;
    if (name.includes('_P_')) continue; // a property's macro, not the node's
    if ((m = PATH_RE.exec(name))) {
      const path = /^"((?:[^"\\]|\\.)*)"$/.exec(value);
      if (!path) warn(start, `\`DT_${name}\` is not a quoted path: ${value.slice(0, 60)}`);
      else node(m[1]!).path = path[1]!;
    } else if ((m = ORD_RE.exec(name))) {
      if (!/^\d{1,6}$/.test(value)) warn(start, `\`DT_${name}\` is not an ordinal: ${value.slice(0, 60)}`);
      else Object.assign(node(m[1]!), { ordinal: Number(value), line: start });
    } else if ((m = REQUIRES_RE.exec(name))) {
      const list = value.replace(/\/\*.*?\*\//g, ' ').trim();
      const items = list === '' ? [] : list.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (!items.every((s) => /^\d{1,6}$/.test(s))) warn(start, `\`DT_${name}\` is not a list of ordinals: ${value.slice(0, 60)}`);
      else node(m[1]!).requires = items.map(Number);
    } else if ((m = STATUS_RE.exec(name))) {
      node(m[1]!).okay = value === '1';
    } else if ((m = COMPAT_RE.exec(name))) {
      if (value === '1') node(m[1]!).compatibles!.push(m[2]!);
    } else if ((m = LABEL_RE.exec(name))) {
      const target = /^DT_(N(?:_S_[A-Za-z0-9_]+)?)$/.exec(value);
      if (target) node(target[1]!).labels!.push(m[1]!);
    }
  }
  const byOrdinal = new Map<number, DevicetreeNode>();
  for (const n of nodes.values()) {
    if (n.ordinal === undefined || n.path === undefined) continue;
    byOrdinal.set(n.ordinal, n as DevicetreeNode);
  }
  if (byOrdinal.size === 0) {
    diagnostics.push({
      code: 'IMPORT_ZEPHYR_DEVICETREE',
      severity: 'error',
      message: 'no devicetree nodes found (`#define DT_<node>_PATH` and `DT_<node>_ORD`): is this a devicetree_generated.h?',
      location: { file, line: 1, column: 1 },
    });
  }
  return { byOrdinal, diagnostics };
}

/** The capability a device provides: `device:<first node label>`, else `device:<path>`. */
export function deviceCapability(node: DevicetreeNode): string {
  return `device:${node.labels[0] ?? node.path}`;
}
