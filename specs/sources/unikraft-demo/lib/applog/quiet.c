#include <uk/init.h>

/* Not compiled in this build (CONFIG_LIBAPPLOG_QUIET is not set). */
static int applog_quiet(struct uk_init_ctx *ictx)
{
	(void)ictx;
	return 0;
}

uk_late_initcall(applog_quiet, 0x0);
