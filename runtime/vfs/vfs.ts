/** Lives with the checker, which replays the same filesystem state (compiler/vfs/vfs.ts). */
export * from '../../compiler/vfs/vfs.js';
