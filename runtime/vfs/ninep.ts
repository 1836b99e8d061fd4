/** Lives with the checker, which replays the same filesystem state (compiler/vfs/ninep.ts). */
export * from '../../compiler/vfs/ninep.js';
