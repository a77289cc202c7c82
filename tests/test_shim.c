/* The packetdrill shim, driven through its function table the way
 * packetdrill drives it (no packetdrill needed). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <string.h>
#include <unistd.h>

#include "groups.h"
#include "peer.h"
#include "packetdrill/packetdrill_abi.h"

void packetdrill_interface_init(const char *flags, struct pd_ifc *ifc);

struct rig {
	struct pd_ifc ifc;
	void *u;
	synack_addr local, remote;
	uint32_t our_isn;      /* learnt from the stack's first SYN or SYN,ACK */
	uint32_t their_isn;
};

static void rig_init(struct rig *r, const char *suite)
{
	char flags[200];
	snprintf(flags, sizeof flags, "suite=%s ip_version=ipv4 local_ip=192.168.0.1 remote_ip=192.0.2.1",
		 suite);
	memset(r, 0, sizeof *r);
	packetdrill_interface_init(flags, &r->ifc);
	r->u = r->ifc.userdata;
	r->local = synack_ipv4(192, 168, 0, 1);
	r->remote = synack_ipv4(192, 0, 2, 1);
	r->their_isn = 7000;
}

static uint64_t now_us(struct rig *r)
{
	struct timeval tv;
	assert_int_equal(r->ifc.gettimeofday(r->u, &tv, NULL), 0);
	return (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
}

/* The next datagram the stack sends, parsed; its send time in *t. */
static struct parsed take(struct rig *r, long long *t, uint8_t *buf, size_t cap)
{
	size_t n = cap;
	long long when = 0;
	assert_int_equal(r->ifc.netdev_receive(r->u, buf, &n, &when), 0);
	assert_true(n >= 40);
	struct parsed p;
	assert_true(tseg_parse(buf, n, &p));
	if (t)
		*t = when;
	return p;
}

static void give(struct rig *r, uint16_t sport, uint16_t dport, const struct tseg *g)
{
	uint8_t pkt[2048];
	size_t n = tseg_build(pkt, &r->remote, &r->local, sport, dport, r->their_isn, r->our_isn, g);
	assert_int_equal(r->ifc.netdev_send(r->u, pkt, n), 0);
}

static struct sockaddr_in sin_of(const synack_addr *a, uint16_t port)
{
	struct sockaddr_in s = {.sin_family = AF_INET, .sin_port = htons(port)};
	memcpy(&s.sin_addr, a->bytes, 4);
	return s;
}

static int get_int_opt(struct rig *r, int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof v;
	assert_int_equal(r->ifc.getsockopt(r->u, fd, level, name, &v, &len), 0);
	return v;
}

static void shim_active_open_freebsd(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, "freebsd");
	int fd = r.ifc.socket(r.u, AF_INET, SOCK_STREAM, IPPROTO_TCP);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) >= 0); /* a real descriptor */
	assert_int_equal(r.ifc.fcntl(r.u, fd, F_GETFL), O_RDWR);
	assert_int_equal(r.ifc.fcntl(r.u, fd, F_SETFL, (long)(O_RDWR | O_NONBLOCK)), 0);
	assert_int_equal(get_int_opt(&r, fd, SOL_SOCKET, SO_RCVBUF), 65536);

	struct sockaddr_in dst = sin_of(&r.remote, 8080);
	uint64_t t0 = now_us(&r);
	assert_int_equal(r.ifc.connect(r.u, fd, (struct sockaddr *)&dst, sizeof dst), -1);
	assert_int_equal(errno, EINPROGRESS);
	uint8_t buf[2048];
	long long t;
	struct parsed syn = take(&r, &t, buf, sizeof buf);
	assert_int_equal(syn.flags, SYN);
	assert_string_equal(syn.opts, "mss,nop,wscale,sackOK,TS"); /* FreeBSD's layout */
	assert_int_equal(syn.wscale, 6);
	assert_int_equal(syn.win, 65535);
	assert_true((uint64_t)t >= t0 && (uint64_t)t < t0 + 10);
	long long t_syn = t;
	r.our_isn = syn.seq;
	/* the clock moves 1 us per reading */
	uint64_t a = now_us(&r), b = now_us(&r);
	assert_int_equal(b - a, 1);

	/* nothing is waiting: the clock runs on to the RTO, 1 s after the SYN */
	struct parsed again = take(&r, &t, buf, sizeof buf);
	assert_int_equal(again.flags, SYN);
	assert_int_equal(again.seq, syn.seq);
	assert_int_equal(t - t_syn, 1000000);

	give(&r, 8080, syn.sport, &(struct tseg){.flags = SYN | ACK, .seq = 0, .ack = 1, .win = 32767,
						  .mss = 1460, .sackok = true});
	struct parsed ack = take(&r, NULL, buf, sizeof buf);
	assert_int_equal(ack.flags, ACK);
	assert_int_equal(ack.ack, r.their_isn + 1);
	/* FreeBSD rounds the buffer up to a multiple of the MSS: 45 * 1460 */
	assert_int_equal(get_int_opt(&r, fd, SOL_SOCKET, SO_RCVBUF), 65700);
	assert_int_equal(get_int_opt(&r, fd, SOL_SOCKET, SO_ERROR), 0);

	struct pollfd pfd = {.fd = fd, .events = POLLOUT | POLLIN};
	assert_int_equal(r.ifc.poll(r.u, &pfd, 1, 0), 1);
	assert_int_equal(pfd.revents, POLLOUT);
	assert_int_equal(r.ifc.write(r.u, fd, "hello", 5), 5);
	struct parsed data = take(&r, NULL, buf, sizeof buf);
	assert_int_equal(data.len, 5);
	assert_int_equal(data.flags, PSH | ACK);

	give(&r, 8080, syn.sport, &(struct tseg){.flags = PSH | ACK, .seq = 1, .ack = 6, .len = 3,
						  .data = "xyz", .win = 32767});
	int inq = -1;
	assert_int_equal(r.ifc.ioctl(r.u, fd, SIOCINQ, &inq), 0);
	assert_int_equal(inq, 3);
	char rd[8];
	assert_int_equal(r.ifc.read(r.u, fd, rd, sizeof rd), 3);
	assert_memory_equal(rd, "xyz", 3);
	assert_int_equal(r.ifc.read(r.u, fd, rd, sizeof rd), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(r.ifc.read(r.u, fd, NULL, 10), -1);
	assert_int_equal(errno, EFAULT);

	/* a RST: ECONNRESET through SO_ERROR, in Linux's numbering */
	give(&r, 8080, syn.sport, &(struct tseg){.flags = RST, .seq = 4});
	assert_int_equal(get_int_opt(&r, fd, SOL_SOCKET, SO_ERROR), ECONNRESET);
	assert_int_equal(r.ifc.close(r.u, fd), 0);
	assert_int_equal(fcntl(fd, F_GETFD), -1); /* the real descriptor went too */
	/* nothing will ever come: count 0 says so */
	size_t n = sizeof buf;
	long long when;
	assert_int_equal(r.ifc.netdev_receive(r.u, buf, &n, &when), 0);
	assert_int_equal(n, 0);
	r.ifc.free(r.u);
}

struct accept_job {
	struct rig *r;
	int lfd, result;
};

static void *blocking_accept(void *arg)
{
	struct accept_job *j = arg;
	j->result = j->r->ifc.accept(j->r->u, j->lfd, NULL, NULL);
	return NULL;
}

static void shim_blocking_accept_and_epoll_google(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, "google");
	int lfd = r.ifc.socket(r.u, AF_INET, SOCK_STREAM, 0);
	int one = 1;
	assert_int_equal(r.ifc.setsockopt(r.u, lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), 0);
	struct sockaddr_in me = sin_of(&r.local, 8080);
	assert_int_equal(r.ifc.bind(r.u, lfd, (struct sockaddr *)&me, sizeof me), 0);
	assert_int_equal(r.ifc.listen(r.u, lfd, 1), 0);
	/* Linux: SO_RCVBUF reads back the tcp_rmem default (defaults.sh) */
	assert_int_equal(get_int_opt(&r, lfd, SOL_SOCKET, SO_RCVBUF), 540000);

	/* accept() blocks on packetdrill's second thread until the main
	 * thread's datagrams complete a handshake */
	struct accept_job job = {.r = &r, .lfd = lfd, .result = -2};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, blocking_accept, &job), 0);
	r.ifc.usleep(r.u, 1000);
	give(&r, 40000, 8080, &(struct tseg){.flags = SYN, .seq = 0, .mss = 1000, .sackok = true,
					      .wscale = WS(7), .win = 32792});
	uint8_t buf[2048];
	struct parsed sa = take(&r, NULL, buf, sizeof buf);
	assert_int_equal(sa.flags, SYN | ACK);
	assert_string_equal(sa.opts, "mss,nop,nop,sackOK,nop,wscale"); /* Linux's layout */
	assert_int_equal(sa.wscale, 8); /* for tcp_rmem's 15 MiB maximum */
	r.our_isn = sa.seq;
	give(&r, 40000, 8080, &(struct tseg){.flags = ACK, .seq = 1, .ack = 1, .win = 257});
	assert_int_equal(pthread_join(th, NULL), 0);
	int fd = job.result;
	assert_true(fd >= 0 && fd != lfd);

	int ep = r.ifc.epoll_create(r.u, 1);
	assert_true(ep >= 0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 77};
	assert_int_equal(r.ifc.epoll_ctl(r.u, ep, EPOLL_CTL_ADD, fd, &ev), 0);
	assert_int_equal(r.ifc.epoll_ctl(r.u, ep, EPOLL_CTL_ADD, fd, &ev), -1);
	assert_int_equal(errno, EEXIST);
	struct epoll_event out[4];
	assert_int_equal(r.ifc.epoll_wait(r.u, ep, out, 4, 0), 0);
	give(&r, 40000, 8080, &(struct tseg){.flags = PSH | ACK, .seq = 1, .ack = 1, .len = 10, .win = 257});
	assert_int_equal(r.ifc.epoll_wait(r.u, ep, out, 4, 0), 1);
	assert_int_equal(out[0].events, EPOLLIN);
	assert_int_equal(out[0].data.u64, 77);
	/* Linux acknowledges the first data at once (quick-ACK phase) */
	struct parsed ack = take(&r, NULL, buf, sizeof buf);
	assert_int_equal(ack.flags, ACK);
	assert_int_equal(ack.ack, r.their_isn + 11);

	/* EPOLLET as Linux has it: every arrival of data is a new edge, even
	 * when data was already waiting (epoll/epoll_in_edge.pkt) */
	int et = r.ifc.epoll_create(r.u, 1);
	struct epoll_event eev = {.events = EPOLLIN | EPOLLET, .data.u64 = 78};
	assert_int_equal(r.ifc.epoll_ctl(r.u, et, EPOLL_CTL_ADD, fd, &eev), 0);
	assert_int_equal(r.ifc.epoll_wait(r.u, et, out, 4, 0), 1);
	assert_int_equal(out[0].events, EPOLLIN);
	assert_int_equal(r.ifc.epoll_wait(r.u, et, out, 4, 0), 0);
	give(&r, 40000, 8080, &(struct tseg){.flags = PSH | ACK, .seq = 11, .ack = 1, .len = 10, .win = 257});
	assert_int_equal(r.ifc.epoll_wait(r.u, et, out, 4, 0), 1);
	assert_int_equal(out[0].events, EPOLLIN);
	assert_int_equal(out[0].data.u64, 78);
	assert_int_equal(r.ifc.epoll_wait(r.u, et, out, 4, 0), 0);
	assert_int_equal(r.ifc.close(r.u, et), 0);

	/* Linux doubles what SO_SNDBUF is given */
	int v = 21000;
	assert_int_equal(r.ifc.setsockopt(r.u, fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof v), 0);
	assert_int_equal(get_int_opt(&r, fd, SOL_SOCKET, SO_SNDBUF), 42000);
	struct tcp_info ti;
	socklen_t tl = sizeof ti;
	assert_int_equal(r.ifc.getsockopt(r.u, fd, SOL_TCP, TCP_INFO, &ti, &tl), 0);
	assert_int_equal(ti.tcpi_state, TCP_ESTABLISHED);
	assert_int_equal(ti.tcpi_snd_mss, 1000);

	assert_int_equal(r.ifc.close(r.u, ep), 0);
	assert_int_equal(r.ifc.close(r.u, fd), 0);
	assert_int_equal(r.ifc.close(r.u, lfd), 0);
	r.ifc.free(r.u);
}

GROUP(shim,
      cmocka_unit_test(shim_active_open_freebsd),
      cmocka_unit_test(shim_blocking_accept_and_epoll_google))
