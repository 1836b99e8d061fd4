/** Lives with the checker, which replays the same filesystem state (compiler/vfs/devfs.ts). */
export * from '../../compiler/vfs/devfs.js';
