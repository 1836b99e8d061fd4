/** The cpio (newc) reader and writer live with the checker, which reads the same archives (compiler/cpio.ts). */
export * from '../../compiler/cpio.js';
