/** Lives with the checker, which replays the same filesystem state (compiler/vfs/lookup.ts). */
export * from '../../compiler/vfs/lookup.js';
