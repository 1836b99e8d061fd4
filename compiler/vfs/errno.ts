/**
 * The errno values the emulated machine returns. Entries return them negated, as Unikraft and
 * Linux functions do, so a trace shows the same numbers a real console would.
 */
export const ERRNO = {
  ENOENT: 2,
  EIO: 5,
  ENOEXEC: 8,
  ENOMEM: 12,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EFBIG: 27,
  EROFS: 30,
  ENAMETOOLONG: 36,
  ENOTEMPTY: 39,
  ELOOP: 40,
} as const;

export type ErrnoName = keyof typeof ERRNO;

/** A filesystem operation that failed the way the real call would: it carries the errno. */
export class VfsError extends Error {
  override name = 'VfsError';
  readonly errno: number;
  constructor(code: ErrnoName, message: string) {
    super(`${message} (${code})`);
    this.errno = ERRNO[code];
  }
}
