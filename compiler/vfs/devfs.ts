/** devfs: the device files Unikraft's devfs registers (null, zero, console, stdout, random). */
import { createFileSystem, makeDevice, type DeviceName, type FileSystem } from './node.js';

export const DEVICE_NAMES: readonly DeviceName[] = ['null', 'zero', 'console', 'stdout', 'random'];

export function createDevfs(): FileSystem {
  const fs = createFileSystem('devfs', 'none');
  for (const name of DEVICE_NAMES) fs.root.children.set(name, makeDevice(fs, name));
  return fs;
}

/**
 * What reading `size` bytes from a device returns. `random` is a fixed xorshift stream so that
 * two runs of one plan read the same bytes.
 */
export function readDevice(device: DeviceName, size: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(device === 'null' ? 0 : size);
  if (device === 'random') {
    let x = seed >>> 0 || 1;
    for (let i = 0; i < out.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
  }
  return out;
}
