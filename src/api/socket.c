/* The BSD-socket-like API: small integer descriptors over control blocks.
 * Each entry point finds the control block of a descriptor, calls the
 * TCP user call (tcp/usrreq.c) and ends with conn_flush_all(), which
 * reports readiness and sends the ACKs still owed.  Error codes are
 * SYNACK_E*; api/errors.c names them and maps them to errno values. */
#include <string.h>

#include "core/stack.h"
#include "tcp/conn.h"

/* ---------------------------------------------------------- descriptors */

static struct tcp_conn *fd_get(synack_stack *s, int fd)
{
	if (!s || fd < 0 || (uint32_t)fd >= s->fds_used)
		return NULL;
	return s->fds[fd];
}

static bool fd_available(synack_stack *s)
{
	return s->fd_free_len > 0 || s->fds_used < s->cfg.max_sockets;
}

static int fd_alloc(synack_stack *s, struct tcp_conn *c)
{
	int fd;
	if (s->fd_free_len > 0) {
		fd = s->fd_free[--s->fd_free_len];
	} else {
		if (s->fds_used == s->cfg.max_sockets)
			return SYNACK_EMFILE;
		if (s->fds_used == s->fds_cap) {
			uint32_t cap = s->fds_cap ? s->fds_cap * 2 : 16;
			if (cap > s->cfg.max_sockets)
				cap = s->cfg.max_sockets;
			struct tcp_conn **fds = stack_alloc(s, cap * sizeof *fds);
			int *fr = stack_alloc(s, cap * sizeof *fr);
			if (!fds || !fr) {
				stack_free(s, fds);
				stack_free(s, fr);
				return SYNACK_ENOMEM;
			}
			if (s->fds_cap) {
				memcpy(fds, s->fds, s->fds_cap * sizeof *fds);
				memcpy(fr, s->fd_free, s->fd_free_len * sizeof *fr);
			}
			stack_free(s, s->fds);
			stack_free(s, s->fd_free);
			s->fds = fds;
			s->fd_free = fr;
			s->fds_cap = cap;
		}
		fd = (int)s->fds_used++;
	}
	s->fds[fd] = c;
	c->fd = fd;
	s->sockets_live++;
	c->ready = conn_poll(c);
	return fd;
}

static void fd_release(synack_stack *s, struct tcp_conn *c)
{
	s->fds[c->fd] = NULL;
	s->fd_free[s->fd_free_len++] = c->fd;
	s->sockets_live--;
	c->fd = -1;
}

/* ------------------------------------------------------ entry points */

/* Ends every entry point: readiness reports (a callback may call the
 * API again) and the ACKs owed. */
static int finish(synack_stack *s, int r)
{
	if (s)
		conn_flush_all(s);
	return r;
}

static long finish_long(synack_stack *s, long r)
{
	if (s)
		conn_flush_all(s);
	return r;
}

int synack_socket(synack_stack *s)
{
	if (!s)
		return SYNACK_EINVAL;
	if (!fd_available(s))
		return SYNACK_EMFILE;
	struct tcp_conn *c = conn_new(s);
	if (!c)
		return finish(s, SYNACK_ENOMEM);
	int fd = fd_alloc(s, c);
	if (fd < 0)
		conn_free(c);
	return finish(s, fd);
}

int synack_bind(synack_stack *s, int fd, const synack_endpoint *local)
{
	struct tcp_conn *c = fd_get(s, fd);
	return finish(s, c ? tcp_usr_bind(c, local) : SYNACK_EBADF);
}

int synack_listen(synack_stack *s, int fd, int backlog)
{
	struct tcp_conn *c = fd_get(s, fd);
	return finish(s, c ? tcp_usr_listen(c, backlog) : SYNACK_EBADF);
}

int synack_accept(synack_stack *s, int fd, synack_endpoint *peer)
{
	struct tcp_conn *l = fd_get(s, fd);
	if (!l)
		return finish(s, SYNACK_EBADF);
	/* a descriptor first: an accepted connection is never left without one */
	if (l->state == SYNACK_LISTEN && l->lq->accept_head && !fd_available(s))
		return finish(s, SYNACK_EMFILE);
	int err;
	struct tcp_conn *c = tcp_usr_accept(l, &err);
	if (!c)
		return finish(s, err);
	int nfd = fd_alloc(s, c);
	if (nfd < 0) {
		tcp_usr_accept_failed(c);
		return finish(s, nfd);
	}
	if (peer)
		*peer = c->remote;
	return finish(s, nfd);
}

int synack_connect(synack_stack *s, int fd, const synack_endpoint *remote)
{
	struct tcp_conn *c = fd_get(s, fd);
	return finish(s, c ? tcp_usr_connect(c, remote) : SYNACK_EBADF);
}

long synack_send(synack_stack *s, int fd, const void *buf, size_t len, int flags)
{
	struct tcp_conn *c = fd_get(s, fd);
	return finish_long(s, c ? tcp_usr_send(c, buf, len, flags) : SYNACK_EBADF);
}

long synack_recv(synack_stack *s, int fd, void *buf, size_t len, int flags)
{
	struct tcp_conn *c = fd_get(s, fd);
	return finish_long(s, c ? tcp_usr_recv(c, buf, len, flags) : SYNACK_EBADF);
}

int synack_shutdown(synack_stack *s, int fd, int how)
{
	struct tcp_conn *c = fd_get(s, fd);
	return finish(s, c ? tcp_usr_shutdown(c, how) : SYNACK_EBADF);
}

int synack_close(synack_stack *s, int fd)
{
	struct tcp_conn *c = fd_get(s, fd);
	if (!c)
		return finish(s, SYNACK_EBADF);
	fd_release(s, c);
	tcp_usr_close(c);
	return finish(s, SYNACK_OK);
}

int synack_abort(synack_stack *s, int fd)
{
	struct tcp_conn *c = fd_get(s, fd);
	if (!c)
		return finish(s, SYNACK_EBADF);
	fd_release(s, c);
	tcp_usr_abort(c);
	return finish(s, SYNACK_OK);
}

uint32_t synack_poll(synack_stack *s, int fd)
{
	struct tcp_conn *c = fd_get(s, fd);
	return c ? conn_poll(c) : 0;
}

int synack_get_error(synack_stack *s, int fd)
{
	struct tcp_conn *c = fd_get(s, fd);
	return finish(s, c ? tcp_usr_take_error(c) : SYNACK_EBADF);
}

int synack_setsockopt(synack_stack *s, int fd, enum synack_option opt, int64_t value)
{
	struct tcp_conn *c = fd_get(s, fd);
	return finish(s, c ? tcp_usr_setopt(c, opt, value) : SYNACK_EBADF);
}

int synack_getsockopt(synack_stack *s, int fd, enum synack_option opt, int64_t *value)
{
	struct tcp_conn *c = fd_get(s, fd);
	return c ? tcp_usr_getopt(c, opt, value) : SYNACK_EBADF;
}

int synack_local_endpoint(synack_stack *s, int fd, synack_endpoint *out)
{
	struct tcp_conn *c = fd_get(s, fd);
	if (!c)
		return SYNACK_EBADF;
	*out = c->local;
	return SYNACK_OK;
}

int synack_peer_endpoint(synack_stack *s, int fd, synack_endpoint *out)
{
	struct tcp_conn *c = fd_get(s, fd);
	if (!c)
		return SYNACK_EBADF;
	if (!state_in(c->state, SYNCHRONIZED_STATES) && c->state != SYNACK_SYN_SENT &&
	    c->state != SYNACK_SYN_RECEIVED)
		return SYNACK_ENOTCONN;
	*out = c->remote;
	return SYNACK_OK;
}

int synack_get_info(synack_stack *s, int fd, synack_info *out)
{
	struct tcp_conn *c = fd_get(s, fd);
	if (!c)
		return SYNACK_EBADF;
	tcp_usr_info(c, out);
	return SYNACK_OK;
}
