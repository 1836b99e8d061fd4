#include <uk/ctors.h>
#include <string.h>

/* The working directory and the lookup caches: static data, nothing allocated. */
static char cwd[256];

static void vfscore_init(void)
{
	cwd[0] = '/';
	cwd[1] = '\0';
}

UK_CTOR_PRIO(vfscore_init, 1);
