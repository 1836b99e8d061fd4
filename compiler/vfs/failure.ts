/** Turning what a filesystem operation threw into the negative errno an entry returns. */
import { CpioError } from '../cpio.js';
import { ERRNO, VfsError } from './errno.js';

export interface Failure {
  rc: number;
  detail: string;
}

/** VfsError, CpioError and host I/O errors become errnos; anything else is a bug and is rethrown. */
export function failureOf(err: unknown): Failure {
  if (err instanceof VfsError) return { rc: -err.errno, detail: err.message };
  if (err instanceof CpioError) return { rc: -ERRNO.EINVAL, detail: err.message };
  if (err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string') {
    return { rc: -ERRNO.EIO, detail: `host: ${err.message}` };
  }
  throw err;
}
