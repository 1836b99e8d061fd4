/** The glob matcher and argument expansion of `check` (cli/args.ts). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPlanArgs, globMatcher } from '../../cli/args.js';

const CI = join('test', 'fixtures', 'ci', 'plans');

describe('globMatcher', () => {
  it('* and ? stay inside one folder, ** crosses any number of them', () => {
    expect(globMatcher('*.yaml').test('a.yaml')).toBe(true);
    expect(globMatcher('*.yaml').test('sub/a.yaml')).toBe(false);
    expect(globMatcher('?.yaml').test('a.yaml')).toBe(true);
    expect(globMatcher('?.yaml').test('ab.yaml')).toBe(false);
    expect(globMatcher('**/*.yaml').test('a.yaml')).toBe(true);
    expect(globMatcher('**/*.yaml').test('x/y/a.yaml')).toBe(true);
    expect(globMatcher('x/**').test('x/y/a.yaml')).toBe(true);
  });

  it('classes, ranges and negated classes; dots are literal', () => {
    expect(globMatcher('[ab].yaml').test('b.yaml')).toBe(true);
    expect(globMatcher('[ab].yaml').test('c.yaml')).toBe(false);
    expect(globMatcher('[a-c]x.yaml').test('bx.yaml')).toBe(true);
    expect(globMatcher('[!a]x.yaml').test('ax.yaml')).toBe(false);
    expect(globMatcher('[!a]x.yaml').test('bx.yaml')).toBe(true);
    expect(globMatcher('a.yaml').test('aXyaml')).toBe(false);
    expect(globMatcher('[x.yaml').test('[x.yaml')).toBe(true);
  });
});

describe('expandPlanArgs', () => {
  it('a folder gives its YAML files, sorted, without configs, dot-folders or other files', () => {
    expect(expandPlanArgs([CI])).toEqual([join(CI, 'clean.yaml'), join(CI, 'sub', 'catalog.yaml'), join(CI, 'sub', 'race.yaml')]);
  });

  it('a glob is expanded; a file named twice is checked once; a missing plain path is kept', () => {
    expect(expandPlanArgs([`${CI}/**/r?ce.yaml`, join(CI, 'sub', 'race.yaml'), 'absent.yaml'])).toEqual([join(CI, 'sub', 'race.yaml'), 'absent.yaml']);
  });

  it('a glob or folder that gives nothing is a usage error', () => {
    expect(() => expandPlanArgs([`${CI}/*.yml`])).toThrow(/no plan matches/);
    expect(() => expandPlanArgs([join('test', 'fixtures', 'ci', 'plans', '.hidden', 'none*')])).toThrow(/no plan matches/);
  });
});
