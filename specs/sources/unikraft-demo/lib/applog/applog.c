#include <uk/ctors.h>
#include <uk/init.h>
#include <uk/alloc.h>
#include <fcntl.h>

static char *ring;
static int console_fd = -1;

static void applog_setup(unsigned long size)
{
	ring = uk_malloc(uk_alloc_get_default(), size);
}

/* Bug 1: constructors run before the heap exists. */
static void applog_ctor(void)
{
	applog_setup(CONFIG_LIBAPPLOG_BUFFER_SIZE);
}

UK_CTOR_PRIO(applog_ctor, 3);

/* Bug 2: /dev is mounted by devfs at rootfs 5; this runs at rootfs 2. */
static int applog_init(struct uk_init_ctx *ictx)
{
	(void)ictx;
	console_fd = open("/dev/console", O_WRONLY);
	return console_fd < 0 ? -1 : 0;
}

uk_rootfs_initcall_prio(applog_init, 0x0, 2);
