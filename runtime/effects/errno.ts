/** Lives with the checker, which replays the same failures (compiler/vfs/failure.ts). */
export * from '../../compiler/vfs/failure.js';
