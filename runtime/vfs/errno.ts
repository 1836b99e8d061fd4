/** Lives with the checker, which replays the same filesystem state (compiler/vfs/errno.ts). */
export * from '../../compiler/vfs/errno.js';
