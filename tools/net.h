/* synack listen / synack connect (net.c). */
#ifndef SYNACK_TOOLS_NET_H
#define SYNACK_TOOLS_NET_H

/* cmd is "listen" or "connect"; argv[0] is the command name. */
int cmd_net(const char *cmd, int argc, char **argv);

#endif
