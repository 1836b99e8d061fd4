#include <uk/init.h>
#include <uk/posix-fdtab.h>
#include <fcntl.h>

/* Opens file descriptors 0, 1 and 2 on the console. */
static int init_posix_tty(struct uk_init_ctx *ictx)
{
	int fd;

	(void)ictx;
	fd = uk_fdtab_open(0, O_RDONLY);
	if (fd != 0)
		return -1;
	return 0;
}

uk_rootfs_initcall_prio(init_posix_tty, 0x0, UK_PRIO_LATEST);
