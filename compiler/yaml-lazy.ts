/**
 * The `yaml` package, loaded on first use. It is large (tens of CommonJS files) and most runs
 * never need it: the fast loader reads plans with js-yaml, and `yaml` serves only positions,
 * allow comments, config files and writing plans back. Synchronous, so callers stay synchronous.
 */
import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');
let loaded: YamlModule | null = null;

/** The `yaml` module (required once, then cached). */
export function yamlModule(): YamlModule {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}
