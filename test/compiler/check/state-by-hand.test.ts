import { describe, expect, it } from 'vitest';
import { stateFamily } from '../../../compiler/check/rules/state-by-hand.js';

describe('stateFamily', () => {
  it('names the effect of a device, a mount and an initrd capability', () => {
    expect(stateFamily('dev:fs0')?.effect).toBe('probe-buses');
    expect(stateFamily('mount:/')?.effect).toBe('mount');
    expect(stateFamily('initrd:/x')?.effect).toBe('extract-initrd');
  });

  it('is undefined for plain capabilities, the bare family names and near misses', () => {
    for (const capability of ['', 'alloc', 'dev', 'device', 'mount', 'mount/', 'initrd', 'imount:/', 'Dev:fs0', ':dev:fs0', 'devfs.c3', 'd', 'm:'])
      expect(stateFamily(capability)).toBeUndefined();
  });
});
