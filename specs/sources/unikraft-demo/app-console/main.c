#include <uk/init.h>
#include <fcntl.h>
#include <unistd.h>

static int console_fd = -1;

/* The bug `bootplan fix` repairs: /dev is mounted by devfs at rootfs 5; this runs at rootfs 2. */
static int console_init(struct uk_init_ctx *ictx)
{
	(void)ictx;
	console_fd = open("/dev/console", O_WRONLY);
	return console_fd < 0 ? -1 : 0;
}

uk_rootfs_initcall_prio(console_init, 0x0, 2);

int main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	return write(console_fd, "Hello from the console app\n", 27) == 27 ? 0 : 1;
}
