/** The bounded host-folder walk lives with the checker, which reads image folders too (compiler/host-walk.ts). */
export * from '../../compiler/host-walk.js';
