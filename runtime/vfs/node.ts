/** Lives with the checker, which replays the same filesystem state (compiler/vfs/node.ts). */
export * from '../../compiler/vfs/node.js';
