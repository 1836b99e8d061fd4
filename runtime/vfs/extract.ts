/** Lives with the checker, which replays the same filesystem state (compiler/vfs/extract.ts). */
export * from '../../compiler/vfs/extract.js';
