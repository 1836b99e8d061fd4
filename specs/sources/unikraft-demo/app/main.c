#include <stdio.h>

int main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	printf("Hello from the demo\n");
	return 0;
}
