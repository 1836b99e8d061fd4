/** Lives with the checker, which replays the same filesystem state (compiler/vfs/pack-folder.ts). */
export * from '../../compiler/vfs/pack-folder.js';
