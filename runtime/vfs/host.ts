/** The host window lives with the checker, which reads the same folders (compiler/host.ts). */
export { hostPathOf, memoryHost, nodeHost, type HostFs, type HostKind } from '../../compiler/host.js';
