#!/usr/bin/env python3
"""Kernel-side peers for the interop tests (the kernel's TCP, driven from
Python's socket module).  Every call has a timeout; nothing loops forever.

  peer.py halfclose-client HOST PORT FILE   send FILE, shut down writing,
                                            print what comes back (to EOF)
  peer.py hash-server PORT                  accept one connection, read to
                                            EOF, answer the SHA-256 in hex
  peer.py hold-client HOST PORT SECONDS     connect, wait, send one line,
                                            read to EOF
  peer.py ss-client HOST PORT               connect, exchange a line, print
                                            `ss -tin` for the connection
"""
import hashlib
import socket
import subprocess
import sys
import threading
import time

TIMEOUT = 60


def connect(host, port):
    s = socket.create_connection((host, int(port)), timeout=TIMEOUT)
    s.settimeout(TIMEOUT)
    return s


def read_to_eof(s, out=None):
    got = bytearray()
    while True:
        b = s.recv(65536)
        if not b:
            return bytes(got)
        got += b


def halfclose_client(host, port, path):
    data = open(path, "rb").read()
    s = connect(host, port)

    def send():
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)

    # send while reading: an echo server's answer must not fill the
    # buffers while we are still writing
    sender = threading.Thread(target=send)
    sender.start()
    got = read_to_eof(s)
    sender.join(TIMEOUT)
    sys.stdout.buffer.write(got)
    s.close()


def hash_server(port):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", int(port)))
    ls.listen(1)
    ls.settimeout(TIMEOUT)
    print("listening", flush=True)
    s, _ = ls.accept()
    s.settimeout(TIMEOUT)
    digest = hashlib.sha256(read_to_eof(s)).hexdigest()
    s.sendall((digest + "\n").encode())
    s.close()
    ls.close()


def hold_client(host, port, seconds):
    s = connect(host, port)
    time.sleep(float(seconds))
    s.sendall(b"x\n")
    s.shutdown(socket.SHUT_WR)
    sys.stdout.buffer.write(read_to_eof(s))
    s.close()


def ss_client(host, port):
    s = connect(host, port)
    s.sendall(b"hello\n")
    s.recv(100)
    out = subprocess.run(["ss", "-tin", "dst", host], capture_output=True, text=True,
                         timeout=10).stdout
    sys.stdout.write(out)
    # struct tcp_info: u8 state, ca_state, retransmits, probes, backoff,
    # options (TCPI_OPT_TIMESTAMPS 1, SACK 2, WSCALE 4), wscales
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    names = [n for bit, n in ((1, "timestamps"), (2, "sack"), (4, "wscale")) if info[5] & bit]
    print("tcpi_options: " + " ".join(names))
    s.shutdown(socket.SHUT_WR)
    read_to_eof(s)
    s.close()


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"halfclose-client": halfclose_client, "hash-server": hash_server,
     "hold-client": hold_client, "ss-client": ss_client}[cmd](*args)


if __name__ == "__main__":
    main()
