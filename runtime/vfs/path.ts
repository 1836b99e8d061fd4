/** Lives with the checker, which replays the same filesystem state (compiler/vfs/path.ts). */
export * from '../../compiler/vfs/path.js';
