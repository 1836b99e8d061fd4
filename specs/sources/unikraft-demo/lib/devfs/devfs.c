#include <uk/init.h>
#include <sys/mount.h>
#include <sys/stat.h>

#ifdef CONFIG_LIBDEVFS_AUTOMOUNT
/* /dev is a directory of the root filesystem, then devfs is mounted on it. */
static int devfs_automount(struct uk_init_ctx *ictx)
{
	(void)ictx;
	if (mkdir("/dev", 0755) != 0)
		return -1;
	return mount("", "/dev", "devfs", 0, 0);
}

uk_rootfs_initcall_prio(devfs_automount, 0x0, 5);
#endif
