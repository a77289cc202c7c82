/* The TUN driver (synack_tun.h): a Linux TUN device as the link, the
 * monotonic clock as the engine's clock, ppoll() as the wait. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "synack_host.h"
#include "synack_tun.h"
#include "impair.h"

#define READ_BATCH 256 /* datagrams per wake-up before timers get a turn */

struct synack_tun {
	int fd;
	char name[IFNAMSIZ];
	uint64_t origin;               /* CLOCK_MONOTONIC at open */
	uint64_t now;
	synack_stack *stack;
	synack_hooks user_hooks;
	struct impair_dir dir[2];      /* SYNACK_TUN_IN, SYNACK_TUN_OUT */
	struct held_queue held;
	uint64_t next_id;
	synack_tun_tap_fn tap;
	void *tap_user;
	synack_tun_stats stats;
	uint8_t buf[IMPAIR_MAX_DATAGRAM];
	uint8_t marked[2][IMPAIR_MAX_DATAGRAM]; /* a CE-marked copy, per direction */
};

static void clock_update(synack_tun *t)
{
	uint64_t now = synack_monotonic_ns() - t->origin;
	if (now > t->now)
		t->now = now;
}

/* stack: the datagram's number on our stack (what it sent, or what
 * synack_input gives it), 0 before it reaches the stack */
static void tap(synack_tun *t, enum synack_tun_dir dir, enum synack_sim_fate fate, uint64_t id,
		uint64_t stack, const uint8_t *pkt, size_t len)
{
	if (!t->tap)
		return;
	synack_tun_datagram d = {.time = t->now, .dir = dir, .fate = fate, .id = id,
				 .stack_datagram = stack, .pkt = pkt, .len = len};
	t->tap(t->tap_user, &d);
}

/* ------------------------------------------------------- the two ends */

static void write_device(synack_tun *t, uint64_t id, uint64_t sent, const uint8_t *pkt,
			 size_t len)
{
	tap(t, SYNACK_TUN_OUT, SYNACK_SIM_DELIVERED, id, sent, pkt, len);
	t->dir[SYNACK_TUN_OUT].stats.delivered++;
	if (write(t->fd, pkt, len) == (ssize_t)len) {
		t->stats.tx_packets++;
		t->stats.tx_bytes += len;
	} else {
		t->stats.tx_errors++;
	}
}

static void deliver_engine(synack_tun *t, uint64_t id, const uint8_t *pkt, size_t len)
{
	uint64_t number = synack_datagram_count(t->stack) + 1; /* what synack_input gives it */
	tap(t, SYNACK_TUN_IN, SYNACK_SIM_DELIVERED, id, number, pkt, len);
	t->dir[SYNACK_TUN_IN].stats.delivered++;
	synack_input(t->stack, t->now, pkt, len);
	tap(t, SYNACK_TUN_IN, SYNACK_SIM_PROCESSED, id, number, pkt, len);
}

/* sent: our stack's number for a datagram going out, 0 coming in */
static void hand_over(synack_tun *t, enum synack_tun_dir dir, uint64_t id, uint64_t sent,
		      const uint8_t *pkt, size_t len)
{
	if (dir == SYNACK_TUN_OUT)
		write_device(t, id, sent, pkt, len);
	else
		deliver_engine(t, id, pkt, len);
}

static bool is_tcp(const uint8_t *pkt, size_t len)
{
	if (len >= 20 && pkt[0] >> 4 == 4)
		return pkt[9] == 6;
	return len >= 40 && pkt[0] >> 4 == 6 && pkt[6] == 6;
}

/* A datagram leaves its sender: impair it, then hand it over now or hold
 * it back until its time.  Impairments (and their datagram counts) are
 * for TCP segments: the kernel's other traffic on the device (neighbour
 * discovery, UDP) passes untouched and does not shift --drop-in N. */
static void carry(synack_tun *t, enum synack_tun_dir dir, const uint8_t *pkt, size_t len,
		  uint64_t sent)
{
	uint64_t id = ++t->next_id;
	tap(t, dir, SYNACK_SIM_SENT, id, sent, pkt, len);
	if (!is_tcp(pkt, len)) {
		hand_over(t, dir, id, sent, pkt, len);
		return;
	}
	struct impair_verdict v;
	impair_decide(&t->dir[dir], t->now, pkt, len, &v);
	if (v.fate != IMPAIR_PASS) {
		tap(t, dir, v.fate == IMPAIR_LOST ? SYNACK_SIM_LOST : SYNACK_SIM_DROPPED, id, sent, pkt,
		    len);
		return;
	}
	int copies = v.duplicate ? 2 : 1;
	if (v.delay == 0 && !v.corrupt) {
		/* marked on a copy, handed over at once: no reordering */
		if (v.mark_ce) {
			memcpy(t->marked[dir], pkt, len);
			impair_mark_ce(t->marked[dir], len);
			pkt = t->marked[dir];
		}
		while (copies--)
			hand_over(t, dir, id, sent, pkt, len);
		return;
	}
	uint64_t at = t->now + v.delay;
	held_push(&t->held, at, id, sent, dir, dir, pkt, len, v.corrupt ? &v.corrupt_bit : NULL,
		  v.mark_ce);
	if (copies == 2)
		held_push(&t->held, at, id, sent, dir, dir, pkt, len, NULL, v.mark_ce);
}

static void release_due(synack_tun *t)
{
	while (held_next_time(&t->held) <= t->now) {
		struct held h = held_pop(&t->held);
		hand_over(t, (enum synack_tun_dir)h.to, h.id, h.sender_datagram, h.data, h.len);
		held_release(&t->held, h.data);
	}
}

/* ------------------------------------------------------------- hooks */

static void tun_transmit(void *user, const uint8_t *pkt, size_t len, uint64_t id)
{
	carry(user, SYNACK_TUN_OUT, pkt, len, id);
}

static void tun_event(void *user, const synack_event *ev)
{
	synack_tun *t = user;
	if (t->user_hooks.event)
		t->user_hooks.event(t->user_hooks.user, ev);
}

static void tun_log(void *user, int level, const char *msg)
{
	synack_tun *t = user;
	if (t->user_hooks.log)
		t->user_hooks.log(t->user_hooks.user, level, msg);
}

static void tun_random(void *user, void *buf, size_t len)
{
	synack_tun *t = user;
	t->user_hooks.random(t->user_hooks.user, buf, len);
}

static uint32_t tun_isn(void *user, const synack_endpoint *l, const synack_endpoint *r)
{
	synack_tun *t = user;
	return t->user_hooks.isn(t->user_hooks.user, l, r);
}

static void *tun_alloc(void *user, size_t size)
{
	synack_tun *t = user;
	return t->user_hooks.alloc(t->user_hooks.user, size);
}

static void tun_free(void *user, void *p)
{
	synack_tun *t = user;
	t->user_hooks.free(t->user_hooks.user, p);
}

/* ------------------------------------------------------ device set-up */

/* The kernel's in6_ifreq (linux/ipv6.h), which clashes with netinet/in.h. */
struct in6_ifreq_abi {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

/* An IPv4-only device: keep the kernel's IPv6 router and multicast
 * listener chatter off it, so captures show the conversation alone.
 * Best effort: without /proc the chatter is merely counted and dropped. */
static void quiet_ipv6(const char *ifname)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t w = write(fd, "1", 1);
		(void)w;
		close(fd);
	}
}

static int configure_device(synack_tun *t, const synack_tun_config *cfg, uint32_t mtu)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return SYNACK_EIO;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, t->name, IFNAMSIZ);
	ifr.ifr_mtu = (int)mtu;
	int rc = ioctl(s, SIOCSIFMTU, &ifr);
	if (rc == 0 && cfg->configure_host && cfg->host_addr.family == SYNACK_AF_INET) {
		struct sockaddr_in sin = {.sin_family = AF_INET};
		memcpy(&sin.sin_addr, cfg->host_addr.bytes, 4);
		memcpy(&ifr.ifr_addr, &sin, sizeof sin);
		rc = ioctl(s, SIOCSIFADDR, &ifr);
		if (rc == 0) {
			uint32_t mask = cfg->host_prefix ? 0xffffffffu << (32 - cfg->host_prefix) : 0;
			sin.sin_addr.s_addr = htonl(mask);
			memcpy(&ifr.ifr_netmask, &sin, sizeof sin);
			rc = ioctl(s, SIOCSIFNETMASK, &ifr);
		}
	}
	if (rc == 0 && cfg->configure_host) {
		rc = ioctl(s, SIOCGIFFLAGS, &ifr);
		if (rc == 0) {
			ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
			rc = ioctl(s, SIOCSIFFLAGS, &ifr);
		}
	}
	if (rc == 0 && cfg->configure_host && cfg->host_addr.family == SYNACK_AF_INET6) {
		int s6 = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		struct in6_ifreq_abi r6 = {.prefixlen = cfg->host_prefix,
					   .ifindex = (int)if_nametoindex(t->name)};
		memcpy(&r6.addr, cfg->host_addr.bytes, 16);
		rc = s6 < 0 ? -1 : ioctl(s6, SIOCSIFADDR, &r6);
		if (s6 >= 0)
			close(s6);
	}
	int saved = errno;
	close(s);
	if (rc == 0 && cfg->configure_host && cfg->host_addr.family == SYNACK_AF_INET)
		quiet_ipv6(t->name);
	errno = saved;
	return rc == 0 ? SYNACK_OK : SYNACK_EIO;
}

static int open_device(synack_tun *t, const char *want)
{
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0)
		return SYNACK_EIO;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	strncpy(ifr.ifr_name, want ? want : "synack%d", IFNAMSIZ - 1);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0)
		return SYNACK_EIO;
	memcpy(t->name, ifr.ifr_name, IFNAMSIZ);
	t->name[IFNAMSIZ - 1] = 0;
	return SYNACK_OK;
}

/* ------------------------------------------------------------- public */

synack_tun *synack_tun_open(const synack_tun_config *cfg, const synack_settings *settings,
			    const synack_hooks *hooks, int *err)
{
	int dummy;
	if (!err)
		err = &dummy;
	if (!cfg || (cfg->ifname && strlen(cfg->ifname) >= IFNAMSIZ) ||
	    (cfg->mtu && (cfg->mtu < 576 || cfg->mtu > 65535)) ||
	    (cfg->configure_host &&
	     cfg->host_prefix > (cfg->host_addr.family == SYNACK_AF_INET ? 32 : 128))) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	synack_tun *t = calloc(1, sizeof *t);
	if (!t) {
		*err = SYNACK_ENOMEM;
		return NULL;
	}
	t->fd = -1;
	synack_settings set;
	if (settings)
		set = *settings;
	else
		synack_settings_default(&set);
	if (cfg->mtu)
		set.mtu = cfg->mtu;
	if (hooks)
		t->user_hooks = *hooks;
	t->dir[SYNACK_TUN_IN].rng = cfg->seed * 0x9e3779b97f4a7c15ull + 1;
	t->dir[SYNACK_TUN_OUT].rng = cfg->seed * 0x9e3779b97f4a7c15ull + 2;
	if ((*err = impair_set(&t->dir[SYNACK_TUN_IN], &cfg->in)) != SYNACK_OK ||
	    (*err = impair_set(&t->dir[SYNACK_TUN_OUT], &cfg->out)) != SYNACK_OK)
		goto fail;
	synack_hooks h = {
		.user = t,
		.random = hooks && hooks->random ? tun_random : synack_os_random,
		.alloc = hooks && hooks->alloc ? tun_alloc : NULL,
		.free = hooks && hooks->free ? tun_free : NULL,
		.log = tun_log,
		.transmit = tun_transmit,
		.event = tun_event,
		.isn = hooks && hooks->isn ? tun_isn : NULL,
	};
	t->stack = synack_stack_new(&set, &h, err);
	if (!t->stack)
		goto fail;
	if ((*err = synack_add_address(t->stack, &cfg->addr)) != SYNACK_OK)
		goto fail;
	if ((*err = open_device(t, cfg->ifname)) != SYNACK_OK ||
	    (*err = configure_device(t, cfg, set.mtu)) != SYNACK_OK)
		goto fail;
	t->origin = synack_monotonic_ns();
	synack_advance(t->stack, 0);
	return t;
fail:;
	int saved = errno;
	synack_tun_close(t);
	errno = saved;
	return NULL;
}

void synack_tun_close(synack_tun *t)
{
	if (!t)
		return;
	if (t->stack)
		synack_stack_free(t->stack);
	if (t->fd >= 0)
		close(t->fd);
	held_free(&t->held);
	free(t);
}

synack_stack *synack_tun_stack(synack_tun *t) { return t->stack; }
const char *synack_tun_name(const synack_tun *t) { return t->name; }

uint64_t synack_tun_now(const synack_tun *t)
{
	return t->now;
}

static uint64_t next_deadline(const synack_tun *t)
{
	uint64_t a = synack_next_deadline(t->stack), b = held_next_time(&t->held);
	return a < b ? a : b;
}

int synack_tun_run(synack_tun *t, uint64_t timeout_ns)
{
	clock_update(t);
	synack_advance(t->stack, t->now);
	release_due(t);
	uint64_t deadline = next_deadline(t);
	uint64_t wait = deadline <= t->now ? 0 : deadline - t->now;
	if (wait > timeout_ns)
		wait = timeout_ns;
	struct timespec ts = {.tv_sec = (time_t)(wait / 1000000000ull),
			      .tv_nsec = (long)(wait % 1000000000ull)};
	struct pollfd pfd = {.fd = t->fd, .events = POLLIN};
	int rc = ppoll(&pfd, 1, &ts, NULL);
	if (rc < 0 && errno != EINTR)
		return SYNACK_EIO;
	clock_update(t);
	synack_advance(t->stack, t->now);
	int n = 0;
	if (rc > 0 && (pfd.revents & POLLIN)) {
		while (n < READ_BATCH) {
			ssize_t k = read(t->fd, t->buf, sizeof t->buf);
			if (k < 0) {
				if (errno != EAGAIN && errno != EINTR)
					t->stats.rx_errors++;
				break;
			}
			t->stats.rx_packets++;
			t->stats.rx_bytes += (uint64_t)k;
			n++;
			carry(t, SYNACK_TUN_IN, t->buf, (size_t)k, 0);
		}
	}
	synack_advance(t->stack, t->now);
	release_due(t);
	return n;
}

int synack_tun_drop_nth(synack_tun *t, enum synack_tun_dir dir, uint32_t n)
{
	if (dir != SYNACK_TUN_IN && dir != SYNACK_TUN_OUT)
		return SYNACK_EINVAL;
	return impair_drop_nth(&t->dir[dir], n);
}

void synack_tun_stats_get(const synack_tun *t, synack_tun_stats *out)
{
	*out = t->stats;
	out->in = t->dir[SYNACK_TUN_IN].stats;
	out->out = t->dir[SYNACK_TUN_OUT].stats;
}

void synack_tun_set_tap(synack_tun *t, synack_tun_tap_fn fn, void *user)
{
	t->tap = fn;
	t->tap_user = user;
}
