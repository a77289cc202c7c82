/* libsynack_packetdrill.so: synack behind packetdrill's shared-object
 * interface, so packetdrill scripts written for Linux and FreeBSD can test
 * it.  packetdrill loads it with dlopen(), calls packetdrill_interface_init()
 * once per script and from then on only the functions put in the table.
 *
 * - The wire: netdev_send() hands the stack a datagram; netdev_receive()
 *   returns the next one the stack sent, with its time.  When none is
 *   waiting, the virtual clock runs on to the next timer; when no timer is
 *   left, count = 0 tells packetdrill nothing will ever come.
 * - Time: gettimeofday() reads the virtual clock and moves it 1 us (the
 *   script's spin loops need it to move); usleep() moves it and runs the
 *   timers that fall due, each at its own time.
 * - Sockets: every socket is backed by a real descriptor (an eventfd), as
 *   packetdrill closes leftovers with libc close().  Calls map onto the
 *   public API with Linux errno values.  A blocking call (a script line
 *   with a time range runs on packetdrill's second thread) waits on a
 *   condition variable until the main thread's calls make it ready.
 * - --so_flags: suite=google|freebsd picks the personality; the FreeBSD
 *   sysctls and Linux sysctls a script sets are applied where they have a
 *   meaning here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <arpa/inet.h>
#include <linux/sock_diag.h>
#include <linux/sockios.h>

#include "packetdrill_abi.h"
#include "synack.h"

#define MAX_FDS 4096
#define EPOLL_MAX_WATCH 64
#define SEC 1000000000ull
#define USEC 1000ull

enum fd_kind { FD_NONE, FD_SOCKET, FD_EPOLL };

struct watch {
	int fd;
	uint32_t events;
	uint64_t data;
	uint32_t last;           /* EPOLLET: what was reported last */
	uint64_t rx_seen;        /* EPOLLET: bytes received when last reported */
};

struct fd_entry {
	enum fd_kind kind;
	int sfd;                 /* synack descriptor */
	bool nonblock;
	int domain;
	struct watch *watches;   /* FD_EPOLL */
	int nwatch;
};

struct packet {
	uint64_t time;
	uint32_t len;
	uint8_t *data;
};

struct shim {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	synack_stack *s;
	synack_settings cfg;
	uint64_t now;
	uint64_t rng;
	struct packet *q;        /* sent datagrams, oldest first */
	uint32_t qhead, qlen, qcap;
	struct fd_entry fds[MAX_FDS];
	bool freebsd;            /* suite=freebsd: FreeBSD socket-layer habits */
	bool linux_rcvbuf_double;
	uint32_t default_rcvbuf, default_sndbuf;
	synack_addr local, remote;
};

/* ------------------------------------------------------------ helpers */

static void lock(struct shim *sh) { pthread_mutex_lock(&sh->mu); }

static void unlock(struct shim *sh)
{
	pthread_cond_broadcast(&sh->cv); /* anything may have become ready */
	pthread_mutex_unlock(&sh->mu);
}

static int fail(int err)
{
	errno = err;
	return -1;
}

/* A synack result as a libc-style return value. */
static long ret(long r)
{
	if (r >= 0)
		return r;
	errno = synack_errno((int)r);
	return -1;
}

static struct fd_entry *entry(struct shim *sh, int fd, enum fd_kind kind)
{
	if (fd < 0 || fd >= MAX_FDS || sh->fds[fd].kind != kind)
		return NULL;
	return &sh->fds[fd];
}

static void shim_random(void *user, void *buf, size_t len)
{
	struct shim *sh = user;
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++) {
		sh->rng = sh->rng * 6364136223846793005ull + 1442695040888963407ull;
		b[i] = (uint8_t)(sh->rng >> 56);
	}
}

static void shim_transmit(void *user, const uint8_t *pkt, size_t len, uint64_t id)
{
	struct shim *sh = user;
	(void)id;
	if (sh->qlen == sh->qcap) {
		uint32_t cap = sh->qcap ? sh->qcap * 2 : 64;
		struct packet *q = malloc(cap * sizeof *q);
		if (!q)
			return;
		for (uint32_t i = 0; i < sh->qlen; i++)
			q[i] = sh->q[(sh->qhead + i) % sh->qcap];
		free(sh->q);
		sh->q = q;
		sh->qhead = 0;
		sh->qcap = cap;
	}
	uint8_t *data = malloc(len);
	if (!data)
		return;
	memcpy(data, pkt, len);
	sh->q[(sh->qhead + sh->qlen) % sh->qcap] = (struct packet){synack_now(sh->s), (uint32_t)len, data};
	sh->qlen++;
}

/* Moves the clock to t, running every timer at its own time. */
static void run_until(struct shim *sh, uint64_t t)
{
	uint64_t d;
	while ((d = synack_next_deadline(sh->s)) <= t)
		synack_advance(sh->s, d);
	if (t > sh->now)
		sh->now = t;
	synack_advance(sh->s, sh->now);
}

/* Waits, for a blocking call, until the main thread's calls change
 * something (the clock, a datagram, another call). */
static void wait_change(struct shim *sh) { pthread_cond_wait(&sh->cv, &sh->mu); }

/* ------------------------------------------------------------ sockets */

static int to_endpoint(const struct sockaddr *a, socklen_t len, synack_endpoint *out)
{
	if (!a)
		return -EFAULT;
	memset(out, 0, sizeof *out);
	if (a->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)a;
		out->addr.family = SYNACK_AF_INET;
		memcpy(out->addr.bytes, &in->sin_addr, 4);
		out->port = ntohs(in->sin_port);
		return 0;
	}
	if (a->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)a;
		out->addr.family = SYNACK_AF_INET6;
		memcpy(out->addr.bytes, &in6->sin6_addr, 16);
		out->port = ntohs(in6->sin6_port);
		return 0;
	}
	return -EINVAL;
}

static void from_endpoint(const synack_endpoint *ep, struct sockaddr *a, socklen_t *len)
{
	if (!a || !len)
		return;
	union {
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} u;
	memset(&u, 0, sizeof u);
	socklen_t size;
	if (ep->addr.family == SYNACK_AF_INET6) {
		u.in6.sin6_family = AF_INET6;
		u.in6.sin6_port = htons(ep->port);
		memcpy(&u.in6.sin6_addr, ep->addr.bytes, 16);
		size = sizeof u.in6;
	} else {
		u.in.sin_family = AF_INET;
		u.in.sin_port = htons(ep->port);
		memcpy(&u.in.sin_addr, ep->addr.bytes, 4);
		size = sizeof u.in;
	}
	memcpy(a, &u, *len < size ? *len : size);
	*len = size;
}

static int new_fd(struct shim *sh, enum fd_kind kind, int sfd)
{
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fd >= MAX_FDS) {
		close(fd);
		return fail(EMFILE);
	}
	sh->fds[fd] = (struct fd_entry){.kind = kind, .sfd = sfd};
	return fd;
}

static void apply_socket_defaults(struct shim *sh, int sfd)
{
	synack_setsockopt(sh->s, sfd, SYNACK_OPT_RCVBUF, sh->default_rcvbuf);
	synack_setsockopt(sh->s, sfd, SYNACK_OPT_SNDBUF, sh->default_sndbuf);
}

static int pd_socket(void *u, int domain, int type, int protocol)
{
	struct shim *sh = u;
	if (domain != AF_INET && domain != AF_INET6)
		return fail(EAFNOSUPPORT);
	if ((type & 0xf) != SOCK_STREAM || (protocol != 0 && protocol != IPPROTO_TCP))
		return fail(EPROTONOSUPPORT);
	lock(sh);
	int sfd = synack_socket(sh->s);
	int fd = -1;
	if (sfd < 0) {
		errno = synack_errno(sfd);
	} else {
		apply_socket_defaults(sh, sfd);
		fd = new_fd(sh, FD_SOCKET, sfd);
		if (fd < 0)
			synack_close(sh->s, sfd);
		else {
			sh->fds[fd].nonblock = (type & SOCK_NONBLOCK) != 0;
			sh->fds[fd].domain = domain;
		}
	}
	unlock(sh);
	return fd;
}

static int pd_bind(void *u, int fd, const struct sockaddr *addr, socklen_t len)
{
	struct shim *sh = u;
	synack_endpoint ep;
	int e = to_endpoint(addr, len, &ep);
	if (e)
		return fail(-e);
	lock(sh);
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	long r = f ? ret(synack_bind(sh->s, f->sfd, &ep)) : fail(EBADF);
	unlock(sh);
	return (int)r;
}

static int pd_listen(void *u, int fd, int backlog)
{
	struct shim *sh = u;
	lock(sh);
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	/* Linux and FreeBSD take backlog 0 as room for one. */
	long r = f ? ret(synack_listen(sh->s, f->sfd, backlog)) : fail(EBADF);
	unlock(sh);
	return (int)r;
}

static int pd_accept(void *u, int fd, struct sockaddr *addr, socklen_t *len)
{
	struct shim *sh = u;
	lock(sh);
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	int result;
	if (!f) {
		result = fail(EBADF);
	} else {
		synack_endpoint peer;
		int sfd;
		while ((sfd = synack_accept(sh->s, f->sfd, &peer)) == SYNACK_EAGAIN && !f->nonblock)
			wait_change(sh);
		if (sfd < 0) {
			result = (int)ret(sfd);
		} else {
			result = new_fd(sh, FD_SOCKET, sfd);
			if (result < 0)
				synack_close(sh->s, sfd);
			else
				from_endpoint(&peer, addr, len);
		}
	}
	unlock(sh);
	return result;
}

static int pd_connect(void *u, int fd, const struct sockaddr *addr, socklen_t len)
{
	struct shim *sh = u;
	synack_endpoint ep;
	int e = to_endpoint(addr, len, &ep);
	if (e)
		return fail(-e);
	lock(sh);
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	long r;
	if (!f) {
		r = fail(EBADF);
	} else {
		r = synack_connect(sh->s, f->sfd, &ep);
		if (r == SYNACK_EINPROGRESS && !f->nonblock) {
			while (!(synack_poll(sh->s, f->sfd) & (SYNACK_POLLOUT | SYNACK_POLLERR | SYNACK_POLLHUP)))
				wait_change(sh);
			r = synack_get_error(sh->s, f->sfd);
		}
		r = ret(r);
	}
	unlock(sh);
	return (int)r;
}

static int sflags(int flags)
{
	int f = 0;
	if (flags & MSG_PEEK)
		f |= SYNACK_MSG_PEEK;
	if (flags & MSG_MORE)
		f |= SYNACK_MSG_MORE;
	return f;
}

/* recv into one buffer, blocking unless asked not to. */
static ssize_t do_recv(struct shim *sh, int fd, void *buf, size_t len, int flags)
{
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	if (!f)
		return fail(EBADF);
	if (!buf && len)
		return fail(EFAULT);
	bool block = !f->nonblock && !(flags & MSG_DONTWAIT);
	long r;
	while ((r = synack_recv(sh->s, f->sfd, buf, len, sflags(flags))) == SYNACK_EAGAIN && block)
		wait_change(sh);
	return ret(r);
}

/* send from one buffer; blocking sends wait until all of it is queued. */
static ssize_t do_send(struct shim *sh, int fd, const void *buf, size_t len, int flags)
{
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	if (!f)
		return fail(EBADF);
	if (!buf && len)
		return fail(EFAULT);
	bool block = !f->nonblock && !(flags & MSG_DONTWAIT);
	size_t done = 0;
	for (;;) {
		long r = synack_send(sh->s, f->sfd, (const char *)buf + done, len - done, sflags(flags));
		if (r > 0)
			done += (size_t)r;
		if (done == len)
			return (ssize_t)done;
		if (r == SYNACK_EAGAIN && block) {
			wait_change(sh);
			continue;
		}
		if (done > 0)
			return (ssize_t)done;
		return ret(r == 0 ? SYNACK_EAGAIN : r);
	}
}

static ssize_t pd_read(void *u, int fd, void *buf, size_t count)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = do_recv(sh, fd, buf, count, 0);
	unlock(sh);
	return r;
}

static ssize_t pd_recv(void *u, int fd, void *buf, size_t len, int flags)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = do_recv(sh, fd, buf, len, flags);
	unlock(sh);
	return r;
}

static ssize_t pd_recvfrom(void *u, int fd, void *buf, size_t len, int flags,
			   struct sockaddr *src, socklen_t *srclen)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = do_recv(sh, fd, buf, len, flags);
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	if (r >= 0 && f && src && srclen) {
		synack_endpoint peer;
		if (synack_peer_endpoint(sh->s, f->sfd, &peer) == SYNACK_OK)
			from_endpoint(&peer, src, srclen);
	}
	unlock(sh);
	return r;
}

/* Gathers iov into one buffer for the stack (or scatters back). */
static size_t iov_total(const struct iovec *iov, int n)
{
	size_t t = 0;
	for (int i = 0; i < n; i++)
		t += iov[i].iov_len;
	return t;
}

static ssize_t recv_iov(struct shim *sh, int fd, const struct iovec *iov, int n, int flags)
{
	size_t total = iov_total(iov, n);
	char *tmp = malloc(total ? total : 1);
	if (!tmp)
		return fail(ENOMEM);
	ssize_t r = do_recv(sh, fd, tmp, total, flags);
	for (size_t off = 0, i = 0; r > 0 && off < (size_t)r && i < (size_t)n; i++) {
		size_t k = iov[i].iov_len < (size_t)r - off ? iov[i].iov_len : (size_t)r - off;
		memcpy(iov[i].iov_base, tmp + off, k);
		off += k;
	}
	free(tmp);
	return r;
}

static ssize_t send_iov(struct shim *sh, int fd, const struct iovec *iov, int n, int flags)
{
	size_t total = iov_total(iov, n);
	char *tmp = malloc(total ? total : 1);
	if (!tmp)
		return fail(ENOMEM);
	for (size_t off = 0, i = 0; i < (size_t)n; i++) {
		memcpy(tmp + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	ssize_t r = do_send(sh, fd, tmp, total, flags);
	free(tmp);
	return r;
}

static ssize_t pd_readv(void *u, int fd, const struct iovec *iov, int n)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = recv_iov(sh, fd, iov, n, 0);
	unlock(sh);
	return r;
}

static ssize_t pd_recvmsg(void *u, int fd, struct msghdr *msg, int flags)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = recv_iov(sh, fd, msg->msg_iov, (int)msg->msg_iovlen, flags);
	if (r >= 0) {
		msg->msg_controllen = 0;
		msg->msg_flags = 0;
	}
	unlock(sh);
	return r;
}

static ssize_t pd_write(void *u, int fd, const void *buf, size_t count)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = do_send(sh, fd, buf, count, 0);
	unlock(sh);
	return r;
}

static ssize_t pd_send(void *u, int fd, const void *buf, size_t len, int flags)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = do_send(sh, fd, buf, len, flags);
	unlock(sh);
	return r;
}

static ssize_t pd_sendto(void *u, int fd, const void *buf, size_t len, int flags,
			 const struct sockaddr *dst, socklen_t dstlen)
{
	(void)dst;
	(void)dstlen; /* ignored on a connected stream socket, as Linux does */
	return pd_send(u, fd, buf, len, flags);
}

static ssize_t pd_writev(void *u, int fd, const struct iovec *iov, int n)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = send_iov(sh, fd, iov, n, 0);
	unlock(sh);
	return r;
}

static ssize_t pd_sendmsg(void *u, int fd, const struct msghdr *msg, int flags)
{
	struct shim *sh = u;
	lock(sh);
	ssize_t r = send_iov(sh, fd, msg->msg_iov, (int)msg->msg_iovlen, flags);
	unlock(sh);
	return r;
}

static int pd_fcntl(void *u, int fd, int cmd, ...)
{
	struct shim *sh = u;
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	lock(sh);
	int r;
	struct fd_entry *f = (fd >= 0 && fd < MAX_FDS && sh->fds[fd].kind != FD_NONE) ? &sh->fds[fd] : NULL;
	if (!f) {
		r = fail(EBADF);
	} else if (cmd == F_GETFL) {
		r = O_RDWR | (f->nonblock ? O_NONBLOCK : 0);
	} else if (cmd == F_SETFL) {
		f->nonblock = (arg & O_NONBLOCK) != 0;
		r = 0;
	} else {
		r = fail(EINVAL);
	}
	unlock(sh);
	return r;
}

static int pd_ioctl(void *u, int fd, unsigned long request, ...)
{
	struct shim *sh = u;
	va_list ap;
	va_start(ap, request);
	int *out = va_arg(ap, int *);
	va_end(ap);
	lock(sh);
	int r;
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	synack_info info;
	if (!f) {
		r = fail(EBADF);
	} else if (request == SIOCINQ) {
		if (synack_get_info(sh->s, f->sfd, &info) != SYNACK_OK) {
			r = fail(EINVAL);
		} else if (info.state == SYNACK_LISTEN) {
			r = fail(EINVAL);
		} else {
			*out = (int)info.unread;
			r = 0;
		}
	} else if (request == SIOCOUTQ) {
		synack_get_info(sh->s, f->sfd, &info);
		*out = (int)(info.unsent + info.unacked);
		r = 0;
	} else {
		r = fail(ENOTTY);
	}
	unlock(sh);
	return r;
}

static int pd_close(void *u, int fd)
{
	struct shim *sh = u;
	lock(sh);
	int r = 0;
	if (fd < 0 || fd >= MAX_FDS || sh->fds[fd].kind == FD_NONE) {
		r = fail(EBADF);
	} else {
		struct fd_entry *f = &sh->fds[fd];
		if (f->kind == FD_SOCKET) {
			synack_close(sh->s, f->sfd);
			/* epoll sets forget it, as the kernel does on last close */
			for (int i = 0; i < MAX_FDS; i++) {
				struct fd_entry *e = &sh->fds[i];
				if (e->kind != FD_EPOLL)
					continue;
				for (int k = 0; k < e->nwatch; k++)
					if (e->watches[k].fd == fd)
						e->watches[k--] = e->watches[--e->nwatch];
			}
		} else {
			free(f->watches);
		}
		memset(f, 0, sizeof *f);
		close(fd);
	}
	unlock(sh);
	return r;
}

static int pd_shutdown(void *u, int fd, int how)
{
	struct shim *sh = u;
	lock(sh);
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	int mapped = how == SHUT_RD ? SYNACK_SHUT_RD : how == SHUT_WR ? SYNACK_SHUT_WR
			: how == SHUT_RDWR ? SYNACK_SHUT_RDWR : -1;
	long r = !f ? fail(EBADF) : mapped < 0 ? fail(EINVAL)
		 : ret(synack_shutdown(sh->s, f->sfd, mapped));
	unlock(sh);
	return (int)r;
}

/* ------------------------------------------------------------ options */

/* Linux's TCP_INFO, as packetdrill's %{ }% blocks and scripts read it. */
static uint8_t linux_state(synack_state st)
{
	switch (st) {
	case SYNACK_ESTABLISHED: return TCP_ESTABLISHED;
	case SYNACK_SYN_SENT: return TCP_SYN_SENT;
	case SYNACK_SYN_RECEIVED: return TCP_SYN_RECV;
	case SYNACK_FIN_WAIT_1: return TCP_FIN_WAIT1;
	case SYNACK_FIN_WAIT_2: return TCP_FIN_WAIT2;
	case SYNACK_TIME_WAIT: return TCP_TIME_WAIT;
	case SYNACK_CLOSE_WAIT: return TCP_CLOSE_WAIT;
	case SYNACK_LAST_ACK: return TCP_LAST_ACK;
	case SYNACK_LISTEN: return TCP_LISTEN;
	case SYNACK_CLOSING: return TCP_CLOSING;
	default: return TCP_CLOSE;
	}
}

static int fill_tcp_info(struct shim *sh, int sfd, void *val, socklen_t *len)
{
	synack_info in;
	if (!val || !len || synack_get_info(sh->s, sfd, &in) != SYNACK_OK)
		return -EINVAL;
	struct tcp_info t;
	memset(&t, 0, sizeof t);
	t.tcpi_state = linux_state(in.state);
	t.tcpi_backoff = (uint8_t)(in.backoff > 255 ? 255 : in.backoff);
	t.tcpi_retransmits = t.tcpi_backoff;
	t.tcpi_options = (uint8_t)((in.ts_ok ? TCPI_OPT_TIMESTAMPS : 0) | (in.sack_ok ? TCPI_OPT_SACK : 0) |
				   (in.wscale_ok ? TCPI_OPT_WSCALE : 0) | (in.ecn_ok ? TCPI_OPT_ECN : 0));
	t.tcpi_snd_wscale = in.snd_wscale & 15;
	t.tcpi_rcv_wscale = in.rcv_wscale & 15;
	t.tcpi_rto = (uint32_t)(in.rto_ns / 1000);
	t.tcpi_snd_mss = in.snd_mss;
	t.tcpi_rcv_mss = in.rcv_mss;
	t.tcpi_advmss = in.rcv_mss;
	t.tcpi_unacked = in.snd_mss ? (in.bytes_in_flight + in.snd_mss - 1) / in.snd_mss : 0;
	t.tcpi_rtt = (uint32_t)(in.srtt_ns / 1000);
	t.tcpi_rttvar = (uint32_t)(in.rttvar_ns / 1000);
	t.tcpi_snd_cwnd = in.snd_mss ? in.cwnd / in.snd_mss : 0;
	t.tcpi_snd_ssthresh = in.snd_mss ? in.ssthresh / in.snd_mss : 0;
	t.tcpi_total_retrans = in.retransmits;
	/* packetdrill asks for its own, longer struct: ours first, zeros after */
	memset(val, 0, *len);
	memcpy(val, &t, *len < (socklen_t)sizeof t ? *len : (socklen_t)sizeof t);
	return 0; /* the whole length asked for: newer fields read as zero */
}

/* TCP_INFO (above), TCP_CC_INFO (none: Linux's answer for Reno and
 * CUBIC is zero bytes) and SO_MEMINFO's counters from the buffers. */
static int fill_info(struct shim *sh, int sfd, int level, int name, void *val, socklen_t *len)
{
	if (level == SOL_TCP && name == TCP_INFO) {
		int e = fill_tcp_info(sh, sfd, val, len);
		return e ? fail(-e) : 0;
	}
	if (!val || !len)
		return fail(EFAULT);
	if (level == SOL_TCP && name == TCP_CC_INFO) {
		*len = 0;
		return 0;
	}
	synack_info in;
	int64_t rcvbuf = 0, sndbuf = 0;
	if (synack_get_info(sh->s, sfd, &in) != SYNACK_OK)
		return fail(EINVAL);
	synack_getsockopt(sh->s, sfd, SYNACK_OPT_RCVBUF, &rcvbuf);
	synack_getsockopt(sh->s, sfd, SYNACK_OPT_SNDBUF, &sndbuf);
	uint32_t mem[SK_MEMINFO_VARS] = {0};
	mem[SK_MEMINFO_RMEM_ALLOC] = in.unread;
	mem[SK_MEMINFO_RCVBUF] = (uint32_t)rcvbuf;
	mem[SK_MEMINFO_WMEM_ALLOC] = in.unacked;
	mem[SK_MEMINFO_SNDBUF] = (uint32_t)sndbuf;
	mem[SK_MEMINFO_WMEM_QUEUED] = in.unacked + in.unsent;
	memset(val, 0, *len);
	memcpy(val, mem, *len < (socklen_t)sizeof mem ? *len : (socklen_t)sizeof mem);
	return 0;
}

static int get_int(const void *val, socklen_t len, int *out)
{
	if (!val || len < (socklen_t)sizeof(int))
		return -EINVAL;
	memcpy(out, val, sizeof *out);
	return 0;
}

static int put_int(void *val, socklen_t *len, int v)
{
	if (!val || !len || *len < (socklen_t)sizeof(int))
		return -EINVAL;
	memcpy(val, &v, sizeof v);
	*len = sizeof v;
	return 0;
}

static int pd_setsockopt(void *u, int fd, int level, int name, const void *val, socklen_t len)
{
	struct shim *sh = u;
	int v = 0, e = 0;
	if (level == SOL_SOCKET && name == SO_LINGER) {
		if (!val || len < (socklen_t)sizeof(struct linger))
			return fail(EINVAL);
		const struct linger *l = val;
		v = l->l_onoff && l->l_linger == 0;
	} else if (level == IPPROTO_IP && val && len >= 1 && len < (socklen_t)sizeof(int)) {
		v = *(const unsigned char *)val; /* Linux takes a byte at the IP level */
	} else if ((e = get_int(val, len, &v)) != 0) {
		return fail(-e);
	}
	lock(sh);
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	long r = 0;
	if (!f) {
		r = fail(EBADF);
	} else if (level == SOL_SOCKET) {
		switch (name) {
		case SO_REUSEADDR: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_REUSEADDR, v)); break;
		case SO_KEEPALIVE: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_KEEPALIVE, v)); break;
		case SO_LINGER: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_LINGER_ZERO, v)); break;
		case SO_RCVBUF:
		case SO_SNDBUF: {
			/* Linux stores twice what is asked (for overhead) */
			int64_t bytes = sh->linux_rcvbuf_double ? 2 * (int64_t)v : v;
			if (bytes < 2048)
				bytes = 2048;
			enum synack_option o = name == SO_RCVBUF ? SYNACK_OPT_RCVBUF : SYNACK_OPT_SNDBUF;
			r = ret(synack_setsockopt(sh->s, f->sfd, o, bytes));
			break;
		}
		case SO_ZEROCOPY: r = 0; break;
		default: r = fail(ENOPROTOOPT); break;
		}
	} else if (level == IPPROTO_TCP) {
		switch (name) {
		case TCP_NODELAY: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_NODELAY, v)); break;
		case TCP_CORK: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_CORK, v)); break;
		case TCP_MAXSEG: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_MAXSEG, v)); break;
		case TCP_KEEPIDLE: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_KEEPIDLE, v)); break;
		case TCP_KEEPINTVL: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_KEEPINTVL, v)); break;
		case TCP_KEEPCNT: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_KEEPCNT, v)); break;
		case TCP_USER_TIMEOUT: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_USER_TIMEOUT, v)); break;
		case TCP_QUICKACK: r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_QUICKACK, v)); break;
		case TCP_NOTSENT_LOWAT:
			r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_NOTSENT_LOWAT, (uint32_t)v));
			break;
		default: r = fail(ENOPROTOOPT); break;
		}
	} else if (level == IPPROTO_IP && name == IP_TOS) {
		r = ret(synack_setsockopt(sh->s, f->sfd, SYNACK_OPT_TOS, v & 0xff));
	} else if (level == IPPROTO_IP && name == IP_MTU_DISCOVER) {
		/* synack never fragments and always sets DF: any mode but
		 * "probe" is accepted as a request it already satisfies */
		r = v == IP_PMTUDISC_PROBE ? fail(EOPNOTSUPP) : 0;
	} else {
		r = fail(ENOPROTOOPT);
	}
	unlock(sh);
	return (int)r;
}

static int pd_getsockopt(void *u, int fd, int level, int name, void *val, socklen_t *len)
{
	struct shim *sh = u;
	lock(sh);
	struct fd_entry *f = entry(sh, fd, FD_SOCKET);
	int64_t v = 0;
	long r = 0;
	enum synack_option o = SYNACK_OPT_NODELAY;
	bool known = true;
	if (!f) {
		r = fail(EBADF);
		goto out;
	}
	if ((level == IPPROTO_TCP && (name == TCP_INFO || name == TCP_CC_INFO)) ||
	    (level == SOL_SOCKET && name == SO_MEMINFO)) {
		r = fill_info(sh, f->sfd, level, name, val, len);
		goto out;
	}
	if (level == SOL_SOCKET && name == SO_ERROR) {
		int e = synack_get_error(sh->s, f->sfd);
		int err = put_int(val, len, e ? synack_errno(e) : 0);
		r = err ? fail(-err) : 0;
		goto out;
	}
	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_REUSEADDR: o = SYNACK_OPT_REUSEADDR; break;
		case SO_KEEPALIVE: o = SYNACK_OPT_KEEPALIVE; break;
		case SO_RCVBUF: o = SYNACK_OPT_RCVBUF; break;
		case SO_SNDBUF: o = SYNACK_OPT_SNDBUF; break;
		default: known = false;
		}
	} else if (level == IPPROTO_TCP) {
		switch (name) {
		case TCP_NODELAY: o = SYNACK_OPT_NODELAY; break;
		case TCP_CORK: o = SYNACK_OPT_CORK; break;
		case TCP_MAXSEG: o = SYNACK_OPT_MAXSEG; break;
		case TCP_KEEPIDLE: o = SYNACK_OPT_KEEPIDLE; break;
		case TCP_KEEPINTVL: o = SYNACK_OPT_KEEPINTVL; break;
		case TCP_KEEPCNT: o = SYNACK_OPT_KEEPCNT; break;
		case TCP_USER_TIMEOUT: o = SYNACK_OPT_USER_TIMEOUT; break;
		case TCP_QUICKACK: o = SYNACK_OPT_QUICKACK; break;
		case TCP_NOTSENT_LOWAT: o = SYNACK_OPT_NOTSENT_LOWAT; break;
		default: known = false;
		}
	} else if (level == IPPROTO_IP && name == IP_TOS) {
		o = SYNACK_OPT_TOS;
	} else {
		known = false;
	}
	if (!known) {
		r = fail(ENOPROTOOPT);
		goto out;
	}
	r = synack_getsockopt(sh->s, f->sfd, o, &v);
	if (r < 0) {
		r = ret(r);
		goto out;
	}
	int err = put_int(val, len, (int)v);
	r = err ? fail(-err) : 0;
out:
	unlock(sh);
	return (int)r;
}

/* -------------------------------------------------------- poll, epoll */

static short poll_mask(uint32_t m)
{
	short r = 0;
	if (m & SYNACK_POLLIN)
		r |= POLLIN | POLLRDNORM;
	if (m & SYNACK_POLLOUT)
		r |= POLLOUT | POLLWRNORM;
	if (m & SYNACK_POLLERR)
		r |= POLLERR;
	if (m & SYNACK_POLLHUP)
		r |= POLLHUP;
	if (m & SYNACK_POLLRDHUP)
		r |= POLLRDHUP;
	return r;
}

static int poll_once(struct shim *sh, struct pollfd *fds, nfds_t n)
{
	int ready = 0;
	for (nfds_t i = 0; i < n; i++) {
		struct fd_entry *f = entry(sh, fds[i].fd, FD_SOCKET);
		short m = f ? poll_mask(synack_poll(sh->s, f->sfd)) : POLLNVAL;
		fds[i].revents = (short)(m & (fds[i].events | POLLERR | POLLHUP | POLLNVAL));
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

/* Waits in virtual time: timeout_ms < 0 waits for ever. */
static bool timed_out(struct shim *sh, uint64_t deadline) { return deadline && sh->now >= deadline; }

static int pd_poll(void *u, struct pollfd *fds, nfds_t n, int timeout)
{
	struct shim *sh = u;
	lock(sh);
	uint64_t deadline = timeout >= 0 ? sh->now + (uint64_t)timeout * 1000000ull + 1 : 0;
	int r;
	while ((r = poll_once(sh, fds, n)) == 0 && timeout != 0 && !timed_out(sh, deadline))
		wait_change(sh);
	unlock(sh);
	return r;
}

static int pd_epoll_create(void *u, int size)
{
	struct shim *sh = u;
	if (size <= 0)
		return fail(EINVAL);
	lock(sh);
	int fd = new_fd(sh, FD_EPOLL, -1);
	if (fd >= 0) {
		sh->fds[fd].watches = calloc(EPOLL_MAX_WATCH, sizeof(struct watch));
		if (!sh->fds[fd].watches) {
			memset(&sh->fds[fd], 0, sizeof sh->fds[fd]);
			close(fd);
			fd = fail(ENOMEM);
		}
	}
	unlock(sh);
	return fd;
}

static int pd_epoll_ctl(void *u, int epfd, int op, int fd, struct epoll_event *ev)
{
	struct shim *sh = u;
	lock(sh);
	struct fd_entry *e = entry(sh, epfd, FD_EPOLL);
	int r = 0;
	if (!e || !entry(sh, fd, FD_SOCKET)) {
		r = fail(EBADF);
		goto out;
	}
	int k = -1;
	for (int i = 0; i < e->nwatch; i++)
		if (e->watches[i].fd == fd)
			k = i;
	switch (op) {
	case EPOLL_CTL_ADD:
		if (k >= 0) {
			r = fail(EEXIST);
		} else if (e->nwatch == EPOLL_MAX_WATCH) {
			r = fail(ENOSPC);
		} else {
			e->watches[e->nwatch++] = (struct watch){fd, ev->events, ev->data.u64, 0, 0};
		}
		break;
	case EPOLL_CTL_MOD:
		if (k < 0)
			r = fail(ENOENT);
		else
			e->watches[k] = (struct watch){fd, ev->events, ev->data.u64, 0, 0};
		break;
	case EPOLL_CTL_DEL:
		if (k < 0)
			r = fail(ENOENT);
		else
			e->watches[k] = e->watches[--e->nwatch];
		break;
	default:
		r = fail(EINVAL);
	}
out:
	unlock(sh);
	return r;
}

static int epoll_once(struct shim *sh, struct fd_entry *e, struct epoll_event *out, int max)
{
	int n = 0;
	for (int i = 0; i < e->nwatch && n < max; i++) {
		struct watch *w = &e->watches[i];
		struct fd_entry *f = entry(sh, w->fd, FD_SOCKET);
		if (!f)
			continue;
		uint32_t m = (uint32_t)poll_mask(synack_poll(sh->s, f->sfd));
		uint32_t got = m & (w->events | EPOLLERR | EPOLLHUP);
		if (w->events & EPOLLET) {
			/* edge-triggered: what became ready since last time, and,
			 * as Linux wakes on every arrival, EPOLLIN again when new
			 * data came in even if some was already waiting */
			uint32_t fresh = got & ~w->last;
			synack_info info;
			if (synack_get_info(sh->s, f->sfd, &info) == 0) {
				if ((got & EPOLLIN) && info.bytes_received != w->rx_seen)
					fresh |= EPOLLIN;
				w->rx_seen = info.bytes_received;
			}
			w->last = got;
			got = fresh ? got : 0;
		}
		if (got)
			out[n++] = (struct epoll_event){.events = got, .data.u64 = w->data};
	}
	return n;
}

static int pd_epoll_wait(void *u, int epfd, struct epoll_event *events, int max, int timeout)
{
	struct shim *sh = u;
	if (max <= 0)
		return fail(EINVAL);
	lock(sh);
	struct fd_entry *e = entry(sh, epfd, FD_EPOLL);
	int r;
	if (!e) {
		r = fail(EBADF);
	} else {
		uint64_t deadline = timeout >= 0 ? sh->now + (uint64_t)timeout * 1000000ull + 1 : 0;
		while ((r = epoll_once(sh, e, events, max)) == 0 && timeout != 0 &&
		       !timed_out(sh, deadline))
			wait_change(sh);
	}
	unlock(sh);
	return r;
}

static int pd_pipe(void *u, int pipefd[2])
{
	(void)u;
	(void)pipefd;
	return fail(ENOSYS);
}

static int pd_splice(void *u, int fd_in, loff_t *off_in, int fd_out, loff_t *off_out,
		     size_t len, unsigned int flags)
{
	(void)u, (void)fd_in, (void)off_in, (void)fd_out, (void)off_out, (void)len, (void)flags;
	return fail(ENOSYS);
}

/* ------------------------------------------------------ wire and time */

static int pd_netdev_send(void *u, const void *buf, size_t count)
{
	struct shim *sh = u;
	lock(sh);
	synack_input(sh->s, sh->now, buf, count); /* dropped input is not an error */
	unlock(sh);
	return 0;
}

static int pd_netdev_receive(void *u, void *buf, size_t *count, long long *time_usecs)
{
	struct shim *sh = u;
	lock(sh);
	/* Nothing waiting: let the clock run to the next timer, which may
	 * send something (a retransmission, a delayed ACK, a probe). */
	uint64_t d;
	while (sh->qlen == 0 && (d = synack_next_deadline(sh->s)) != UINT64_MAX)
		run_until(sh, d);
	if (sh->qlen == 0) {
		*count = 0; /* nothing will ever come */
		unlock(sh);
		return 0;
	}
	struct packet p = sh->q[sh->qhead];
	sh->qhead = (sh->qhead + 1) % sh->qcap;
	sh->qlen--;
	size_t n = p.len < *count ? p.len : *count;
	memcpy(buf, p.data, n);
	*count = n;
	*time_usecs = (long long)(p.time / USEC);
	free(p.data);
	unlock(sh);
	return 0;
}

static int pd_usleep(void *u, useconds_t usec)
{
	struct shim *sh = u;
	lock(sh);
	run_until(sh, sh->now + (uint64_t)usec * USEC);
	unlock(sh);
	return 0;
}

static int pd_gettimeofday(void *u, struct timeval *tv, struct timezone *tz)
{
	struct shim *sh = u;
	(void)tz;
	lock(sh);
	run_until(sh, sh->now + USEC); /* spin loops must see time pass */
	tv->tv_sec = (time_t)(sh->now / SEC);
	tv->tv_usec = (suseconds_t)((sh->now % SEC) / USEC);
	unlock(sh);
	return 0;
}

/* ------------------------------------------------------------- flags */

/* Applies one word of --so_flags.  Unknown words are ignored: the runner
 * passes every sysctl a script sets, meaningful here or not. */
static void apply_flag(struct shim *sh, const char *word)
{
	const char *eq = strchr(word, '=');
	if (!eq)
		return;
	char key[96];
	size_t klen = (size_t)(eq - word) < sizeof key - 1 ? (size_t)(eq - word) : sizeof key - 1;
	memcpy(key, word, klen);
	key[klen] = 0;
	const char *val = eq + 1;
	long v = strtol(val, NULL, 10);
	synack_settings *c = &sh->cfg;
	if (!strcmp(key, "local_ip")) {
		synack_addr_parse(val, &sh->local);
	} else if (!strcmp(key, "remote_ip")) {
		synack_addr_parse(val, &sh->remote);
	} else if (!strcmp(key, "net.inet.tcp.insecure_rst") || !strcmp(key, "net.inet.tcp.insecure_syn")) {
		c->rfc5961 = v == 0; /* FreeBSD: RFC 5961 checks unless insecure */
	} else if (!strcmp(key, "net.inet.tcp.drop_synfin")) {
		c->drop_synfin = v != 0;
	} else if (!strcmp(key, "net.inet.tcp.rfc1323")) {
		c->timestamps = c->window_scaling = v != 0;
	} else if (!strcmp(key, "net.inet.tcp.sack.enable") || !strcmp(key, "net.ipv4.tcp_sack")) {
		c->sack = v != 0;
	} else if (!strcmp(key, "net.inet.tcp.recvspace")) {
		sh->default_rcvbuf = (uint32_t)v;
	} else if (!strcmp(key, "net.inet.tcp.sendspace")) {
		sh->default_sndbuf = (uint32_t)v;
	} else if (!strcmp(key, "kern.ipc.maxsockbuf")) {
		c->wscale_buffer = v > 0 && v < (1l << 30) ? (uint32_t)v : (1u << 30);
	} else if (!strcmp(key, "net.inet.tcp.rexmit_drop_options")) {
		c->syn_plain_after = v ? 3 : 0;
	} else if (!strcmp(key, "net.inet.tcp.rexmit_initial")) {
		c->initial_rto_ns = (uint64_t)v * 1000000ull;
	} else if (!strcmp(key, "net.ipv4.tcp_timestamps")) {
		c->timestamps = v != 0;
	} else if (!strcmp(key, "net.ipv4.tcp_wmem") || !strcmp(key, "net.ipv4.tcp_rmem")) {
		long lo, def, hi;
		if (sscanf(val, "%ld,%ld,%ld", &lo, &def, &hi) == 3) {
			if (!strcmp(key, "net.ipv4.tcp_wmem"))
				sh->default_sndbuf = (uint32_t)def;
			else {
				sh->default_rcvbuf = (uint32_t)def;
				c->wscale_buffer = (uint32_t)hi;
			}
		}
	} else if (!strcmp(key, "net.inet.tcp.ecn.enable") || !strcmp(key, "net.ipv4.tcp_ecn")) {
		/* the same values on both: 0 off, 1 ask and accept, 2 accept */
		c->ecn = v == 1 ? SYNACK_ECN_ON : v == 2 ? SYNACK_ECN_PASSIVE : SYNACK_ECN_OFF;
	} else if (!strcmp(key, "net.inet.tcp.ecn.maxretries")) {
		c->ecn_syn_retries = (uint32_t)v;
	} else if (!strcmp(key, "net.ipv4.tcp_syn_retries")) {
		c->syn_retries = (uint32_t)v;
	} else if (!strcmp(key, "net.ipv4.tcp_synack_retries")) {
		c->synack_retries = (uint32_t)v;
	}
}

static void parse_flags(struct shim *sh, const char *flags)
{
	synack_settings_default(&sh->cfg);
	sh->local = synack_ipv4(192, 168, 0, 1);
	sh->remote = synack_ipv4(192, 0, 2, 1);
	bool freebsd = flags && strstr(flags, "suite=freebsd");
	if (freebsd) {
		synack_settings_personality(&sh->cfg, SYNACK_PERSONALITY_FREEBSD);
		sh->freebsd = true;
	} else {
		/* google/packetdrill scripts: Linux with common/defaults.sh */
		synack_settings_personality(&sh->cfg, SYNACK_PERSONALITY_LINUX);
		sh->cfg.wscale_buffer = 15 * 1024 * 1024;
		sh->cfg.syn_retries = 5;
		sh->linux_rcvbuf_double = true;
	}
	sh->default_rcvbuf = freebsd ? 65536 : 540000;
	sh->default_sndbuf = freebsd ? 32768 : 262144;
	if (!flags)
		return;
	char *copy = strdup(flags);
	if (!copy)
		return;
	char *save = NULL;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		apply_flag(sh, w);
	free(copy);
}

/* ------------------------------------------------------------- setup */

static void pd_free(void *u)
{
	struct shim *sh = u;
	for (int i = 0; i < MAX_FDS; i++) {
		if (sh->fds[i].kind == FD_EPOLL)
			free(sh->fds[i].watches);
		if (sh->fds[i].kind != FD_NONE)
			close(i);
	}
	for (uint32_t i = 0; i < sh->qlen; i++)
		free(sh->q[(sh->qhead + i) % sh->qcap].data);
	free(sh->q);
	synack_stack_free(sh->s);
	pthread_cond_destroy(&sh->cv);
	pthread_mutex_destroy(&sh->mu);
	free(sh);
}

__attribute__((visibility("default"))) void packetdrill_interface_init(const char *flags,
									struct pd_ifc *ifc);

void packetdrill_interface_init(const char *flags, struct pd_ifc *ifc)
{
	struct shim *sh = calloc(1, sizeof *sh);
	if (!sh)
		abort();
	pthread_mutex_init(&sh->mu, NULL);
	pthread_cond_init(&sh->cv, NULL);
	sh->rng = 0x5eed;
	sh->now = 1000 * SEC;
	parse_flags(sh, flags);
	synack_hooks h = {.user = sh, .random = shim_random};
	int err;
	sh->s = synack_stack_new(&sh->cfg, &h, &err);
	if (!sh->s) {
		fprintf(stderr, "synack shim: cannot create the stack: %s\n", synack_strerror(err));
		abort();
	}
	synack_set_output(sh->s, shim_transmit, sh);
	synack_add_address(sh->s, &sh->local);
	synack_advance(sh->s, sh->now);

	*ifc = (struct pd_ifc){
		.userdata = sh,
		.free = pd_free,
		.socket = pd_socket,
		.bind = pd_bind,
		.listen = pd_listen,
		.accept = pd_accept,
		.connect = pd_connect,
		.read = pd_read,
		.readv = pd_readv,
		.recv = pd_recv,
		.recvfrom = pd_recvfrom,
		.recvmsg = pd_recvmsg,
		.write = pd_write,
		.writev = pd_writev,
		.send = pd_send,
		.sendto = pd_sendto,
		.sendmsg = pd_sendmsg,
		.fcntl = pd_fcntl,
		.ioctl = pd_ioctl,
		.close = pd_close,
		.shutdown = pd_shutdown,
		.getsockopt = pd_getsockopt,
		.setsockopt = pd_setsockopt,
		.poll = pd_poll,
		.netdev_send = pd_netdev_send,
		.netdev_receive = pd_netdev_receive,
		.usleep = pd_usleep,
		.gettimeofday = pd_gettimeofday,
		.epoll_create = pd_epoll_create,
		.epoll_ctl = pd_epoll_ctl,
		.epoll_wait = pd_epoll_wait,
		.pipe = pd_pipe,
		.splice = pd_splice,
	};
}
