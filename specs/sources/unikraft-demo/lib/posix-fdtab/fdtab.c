#include <uk/init.h>
#include <uk/prio.h>

#define UK_LIBPOSIX_FDTAB_INIT_PRIO 0

/* The process's file descriptor table. */
static int init_posix_fdtab(struct uk_init_ctx *ictx)
{
	(void)ictx;
	return 0;
}

/* Closes what is still open once the filesystems are about to go. */
static void term_posix_fdtab(const struct uk_term_ctx *tctx)
{
	(void)tctx;
}

uk_lib_initcall_prio(init_posix_fdtab, 0x0, UK_LIBPOSIX_FDTAB_INIT_PRIO);
uk_rootfs_initcall_prio(0x0, term_posix_fdtab, UK_PRIO_LATEST);
