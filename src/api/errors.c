/* Error names and the mapping to the host's errno values. */
#include <errno.h>

#include "synack.h"

struct error_info {
	int code;
	int host;
	const char *text;
};

static const struct error_info errors[] = {
	{SYNACK_OK, 0, "OK: success"},
	{SYNACK_EAGAIN, EAGAIN, "EAGAIN: operation would block"},
	{SYNACK_EINPROGRESS, EINPROGRESS, "EINPROGRESS: connection in progress"},
	{SYNACK_ECONNREFUSED, ECONNREFUSED, "ECONNREFUSED: connection refused (RST in answer to SYN)"},
	{SYNACK_ECONNRESET, ECONNRESET, "ECONNRESET: connection reset by peer"},
	{SYNACK_ETIMEDOUT, ETIMEDOUT, "ETIMEDOUT: connection timed out"},
	{SYNACK_EPIPE, EPIPE, "EPIPE: sending side already shut down"},
	{SYNACK_EADDRINUSE, EADDRINUSE, "EADDRINUSE: address already in use"},
	{SYNACK_EINVAL, EINVAL, "EINVAL: invalid argument or socket state"},
	{SYNACK_ENOMEM, ENOMEM, "ENOMEM: out of memory"},
	{SYNACK_ENOTCONN, ENOTCONN, "ENOTCONN: socket is not connected"},
	{SYNACK_EISCONN, EISCONN, "EISCONN: socket is already connected"},
	{SYNACK_EALREADY, EALREADY, "EALREADY: connection already in progress"},
	{SYNACK_EBADF, EBADF, "EBADF: bad descriptor"},
	{SYNACK_EADDRNOTAVAIL, EADDRNOTAVAIL, "EADDRNOTAVAIL: address not available"},
	{SYNACK_ECONNABORTED, ECONNABORTED, "ECONNABORTED: connection aborted"},
	{SYNACK_EOPNOTSUPP, EOPNOTSUPP, "EOPNOTSUPP: operation not supported"},
	{SYNACK_ENOBUFS, ENOBUFS, "ENOBUFS: no buffer space or table full"},
	{SYNACK_EAFNOSUPPORT, EAFNOSUPPORT, "EAFNOSUPPORT: address family not supported"},
	{SYNACK_EMSGSIZE, EMSGSIZE, "EMSGSIZE: buffer too small for the datagram"},
	{SYNACK_EHOSTUNREACH, EHOSTUNREACH, "EHOSTUNREACH: no route to host"},
	{SYNACK_ENOPROTOOPT, ENOPROTOOPT, "ENOPROTOOPT: unknown option"},
	{SYNACK_EMFILE, EMFILE, "EMFILE: descriptor table full"},
	{SYNACK_EIO, EIO, "EIO: input/output error"},
};

static const struct error_info *find(int err)
{
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
		if (errors[i].code == err)
			return &errors[i];
	return NULL;
}

const char *synack_strerror(int err)
{
	const struct error_info *e = find(err);
	return e ? e->text : "unknown synack error";
}

int synack_errno(int err)
{
	const struct error_info *e = find(err);
	return e ? e->host : EINVAL;
}

const char *synack_version(void) { return SYNACK_VERSION; }
