/* The TUN driver (synack_tun.h): a Linux TUN device as a link
 * (synack_link.h), and on top of it, through the impairments, a stack
 * with the monotonic clock as its clock and ppoll() as its wait. */
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
#include "synack_link.h"
#include "synack_tun.h"

#define READ_BATCH 256 /* datagrams per poll, so timers get their turn */
#define MAX_DATAGRAM 65535

/* ------------------------------------------------------ the device link */

struct tun_device {
	synack_link link;
	int fd;
	char name[IFNAMSIZ];
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes, tx_errors, rx_errors;
	uint8_t buf[MAX_DATAGRAM];
};

static void device_send(synack_link *l, uint64_t now, const uint8_t *pkt, size_t len, uint64_t id)
{
	struct tun_device *t = (struct tun_device *)l;
	(void)now;
	(void)id;
	if (write(t->fd, pkt, len) == (ssize_t)len) {
		t->tx_packets++;
		t->tx_bytes += len;
	} else {
		t->tx_errors++;
	}
}

/* Reads what the kernel has routed to the device, without waiting. */
static int device_poll(synack_link *l, uint64_t now)
{
	struct tun_device *t = (struct tun_device *)l;
	int n = 0;
	while (n < READ_BATCH) {
		ssize_t k = read(t->fd, t->buf, sizeof t->buf);
		if (k < 0) {
			if (errno != EAGAIN && errno != EINTR)
				t->rx_errors++;
			break;
		}
		t->rx_packets++;
		t->rx_bytes += (uint64_t)k;
		n++;
		synack_link_deliver(l, now, t->buf, (size_t)k, 0);
	}
	return n;
}

static int device_fd(const synack_link *l) { return ((const struct tun_device *)l)->fd; }

static void device_free(synack_link *l)
{
	struct tun_device *t = (struct tun_device *)l;
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

static const synack_link_ops device_ops = {
	.send = device_send,
	.poll = device_poll,
	.fd = device_fd,
	.free = device_free,
};

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

static int configure_device(struct tun_device *t, const synack_tun_config *cfg, uint32_t mtu)
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

static int open_device(struct tun_device *t, const char *want)
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

static bool config_ok(const synack_tun_config *cfg)
{
	return cfg && (!cfg->ifname || strlen(cfg->ifname) < IFNAMSIZ) &&
	       (!cfg->mtu || (cfg->mtu >= 576 && cfg->mtu <= 65535)) &&
	       (!cfg->configure_host ||
		cfg->host_prefix <= (cfg->host_addr.family == SYNACK_AF_INET ? 32 : 128));
}

synack_link *synack_tun_link_open(const synack_tun_config *cfg, int *err)
{
	int dummy;
	if (!err)
		err = &dummy;
	if (!config_ok(cfg)) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	struct tun_device *t = calloc(1, sizeof *t);
	if (!t) {
		*err = SYNACK_ENOMEM;
		return NULL;
	}
	t->link.ops = &device_ops;
	t->fd = -1;
	uint32_t mtu = cfg->mtu ? cfg->mtu : 1500;
	if ((*err = open_device(t, cfg->ifname)) != SYNACK_OK ||
	    (*err = configure_device(t, cfg, mtu)) != SYNACK_OK) {
		int saved = errno;
		device_free(&t->link);
		errno = saved;
		return NULL;
	}
	return &t->link;
}

const char *synack_tun_link_name(const synack_link *l)
{
	return l && l->ops == &device_ops ? ((const struct tun_device *)l)->name : NULL;
}

/* ------------------------------------------------------------ the driver */

struct synack_tun {
	struct tun_device *device;
	synack_link *impair;           /* over the device */
	synack_link *top;              /* the stack's link: the impairments, or a pcap tap on them */
	uint64_t origin;               /* CLOCK_MONOTONIC at open */
	uint64_t now;
	synack_stack *stack;
	synack_tun_tap_fn tap;
	void *tap_user;
	uint64_t rx_number;            /* what synack_input gives the datagram going up */
};

static void clock_update(synack_tun *t)
{
	uint64_t now = synack_monotonic_ns() - t->origin;
	if (now > t->now)
		t->now = now;
}

/* The impairments' view of a datagram, with our stack's number for it:
 * what the engine sent, or what synack_input gives it once it is handed
 * over. */
static void on_impair_event(void *user, const synack_link_event *e)
{
	synack_tun *t = user;
	uint64_t number = e->sent;
	if (e->up && e->fate == SYNACK_SIM_DELIVERED)
		t->rx_number = synack_datagram_count(t->stack) + 1;
	if (e->up)
		number = e->fate == SYNACK_SIM_DELIVERED || e->fate == SYNACK_SIM_PROCESSED ? t->rx_number
											      : 0;
	if (!t->tap)
		return;
	synack_tun_datagram d = {.time = t->now, .dir = e->up ? SYNACK_TUN_IN : SYNACK_TUN_OUT,
				 .fate = e->fate, .id = e->id, .stack_datagram = number,
				 .pkt = e->pkt, .len = e->len};
	t->tap(t->tap_user, &d);
}

synack_tun *synack_tun_open(const synack_tun_config *cfg, const synack_settings *settings,
			    const synack_hooks *hooks, int *err)
{
	int dummy;
	if (!err)
		err = &dummy;
	if (!config_ok(cfg)) {
		*err = SYNACK_EINVAL;
		return NULL;
	}
	synack_tun *t = calloc(1, sizeof *t);
	if (!t) {
		*err = SYNACK_ENOMEM;
		return NULL;
	}
	synack_settings set;
	if (settings)
		set = *settings;
	else
		synack_settings_default(&set);
	if (cfg->mtu)
		set.mtu = cfg->mtu;
	/* the application's hooks, as they are: random bytes from the OS
	 * unless it brings its own */
	synack_hooks h = hooks ? *hooks : (synack_hooks){0};
	if (!h.random)
		h.random = synack_os_random;
	synack_tun_config dev = *cfg;
	dev.mtu = set.mtu;
	synack_link *device = synack_tun_link_open(&dev, err);
	if (!device)
		goto fail;
	t->device = (struct tun_device *)device;
	t->impair = synack_link_impair_new(device, &cfg->out, &cfg->in, cfg->seed, err);
	if (!t->impair) {
		synack_link_free(device);
		goto fail;
	}
	t->top = t->impair;
	synack_link_impair_set_tap(t->impair, on_impair_event, t);
	if (cfg->pcap) {
		synack_link *p = synack_link_pcap_new(t->impair, cfg->pcap, err);
		if (!p)
			goto fail;
		t->top = p;
	}
	t->stack = synack_stack_new(&set, &h, err);
	if (!t->stack)
		goto fail;
	if ((*err = synack_add_address(t->stack, &cfg->addr)) != SYNACK_OK)
		goto fail;
	synack_link_attach(t->top, t->stack);
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
	synack_stack_free(t->stack);
	synack_link_free(t->top);
	free(t);
}

synack_stack *synack_tun_stack(synack_tun *t) { return t->stack; }
const char *synack_tun_name(const synack_tun *t) { return t->device->name; }

uint64_t synack_tun_now(const synack_tun *t)
{
	return t->now;
}

static uint64_t next_deadline(const synack_tun *t)
{
	uint64_t a = synack_next_deadline(t->stack), b = synack_link_next_deadline(t->top);
	return a < b ? a : b;
}

/* One wait, then one batch: the application gets its turn between
 * batches (reading before waiting would let it fall a batch behind, and
 * the window close while we sleep). */
int synack_tun_run(synack_tun *t, uint64_t timeout_ns)
{
	clock_update(t);
	synack_advance(t->stack, t->now);
	uint64_t deadline = next_deadline(t);
	uint64_t wait = deadline <= t->now ? 0 : deadline - t->now;
	if (wait > timeout_ns)
		wait = timeout_ns;
	struct timespec ts = {.tv_sec = (time_t)(wait / 1000000000ull),
			      .tv_nsec = (long)(wait % 1000000000ull)};
	struct pollfd pfd = {.fd = synack_link_fd(t->top), .events = POLLIN};
	int w = ppoll(&pfd, 1, &ts, NULL);
	if (w < 0 && errno != EINTR)
		return SYNACK_EIO;
	clock_update(t);
	synack_advance(t->stack, t->now);
	int n = synack_link_poll(t->top, t->now);
	synack_advance(t->stack, t->now);
	return n;
}

int synack_tun_drop_nth(synack_tun *t, enum synack_tun_dir dir, uint32_t n)
{
	if (dir != SYNACK_TUN_IN && dir != SYNACK_TUN_OUT)
		return SYNACK_EINVAL;
	return synack_link_impair_drop_nth(t->impair, dir == SYNACK_TUN_IN, n);
}

void synack_tun_stats_get(const synack_tun *t, synack_tun_stats *out)
{
	const struct tun_device *d = t->device;
	*out = (synack_tun_stats){
		.rx_packets = d->rx_packets, .rx_bytes = d->rx_bytes,
		.tx_packets = d->tx_packets, .tx_bytes = d->tx_bytes,
		.tx_errors = d->tx_errors, .rx_errors = d->rx_errors,
	};
	synack_link_impair_stats(t->impair, &out->out, &out->in);
}

void synack_tun_set_tap(synack_tun *t, synack_tun_tap_fn fn, void *user)
{
	t->tap = fn;
	t->tap_user = user;
}
