#!/usr/bin/env python3
"""The mixed traffic of bench/soak.sh, besides wrk's keep-alive load, against 127.0.0.1 only.

Each kind runs in its own threads until --seconds have passed, paced so that it stays a soak and
not a benchmark:

  churn   a new connection per request (GET /, a chunked POST /echo, a body over --max-body),
          Connection: close, read to the end
  resets  half a request (head, or head and part of a body), then a reset (SO_LINGER 0)
  slow    clients that send a byte at a time, read their answers slowly, or only connect and
          wait for the idle timeout
  burst   at the given times, --burst-connections connections opened as fast as possible, held a
          few seconds, then closed: past the server's fd limit when soak.sh sets one

Every 10 s, and at the end, one line of counts per kind goes to standard output. Exit status 0
whatever the server did: the sampler, not this script, judges the server.
"""
import argparse
import random
import resource
import socket
import struct
import threading
import time

GET = b"GET / HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n"
KEEP_ALIVE_GET = b"GET / HTTP/1.1\r\nHost: soak\r\n\r\n"
CHUNKED_ECHO = (b"POST /echo HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
TIMEOUT_S = 10


class Counts:
    """Outcomes by kind; a lock because every thread adds to them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_kind = {}

    def add(self, kind, outcome):
        with self.lock:
            kinds = self.by_kind.setdefault(kind, {})
            kinds[outcome] = kinds.get(outcome, 0) + 1

    def line(self, elapsed):
        with self.lock:
            parts = []
            for kind in sorted(self.by_kind):
                outcomes = " ".join(f"{k}={v}" for k, v in sorted(self.by_kind[kind].items()))
                parts.append(f"{kind}[{outcomes}]")
        return f"t={elapsed:.0f}s " + " ".join(parts)


def connect(port, timeout=TIMEOUT_S):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def status_of(sock, to_the_end=True):
    """The status code of the first answer, reading to the end; 'closed' if none came."""
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
        if not to_the_end and len(data) >= 12:
            break
    if not data.startswith(b"HTTP/1.1 "):
        return "closed"
    return data[9:12].decode("ascii", "replace")


def reset(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def paced(deadline, per_second, stop):
    """Yields until the deadline, about per_second times a second."""
    gap = 1.0 / per_second
    next_time = time.monotonic()
    while time.monotonic() < deadline and not stop.is_set():
        yield
        next_time += gap
        pause = next_time - time.monotonic()
        if pause > 0:
            stop.wait(pause)
        else:
            next_time = time.monotonic()  # behind: do not catch up in a rush


def churn(port, deadline, per_second, max_body, counts, stop):
    too_large = (b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: "
                 + str(max_body + 1).encode() + b"\r\n\r\n")
    requests = [("get", GET), ("chunked", CHUNKED_ECHO), ("too-large", too_large)]
    for _ in paced(deadline, per_second, stop):
        name, request = random.choices(requests, weights=[8, 3, 1])[0]
        try:
            with connect(port) as sock:
                sock.sendall(request)
                counts.add("churn", f"{name}:{status_of(sock)}")
        except OSError as error:
            counts.add("churn", f"{name}:{type(error).__name__}")


def resets(port, deadline, per_second, counts, stop):
    for _ in paced(deadline, per_second, stop):
        try:
            sock = connect(port)
            if random.random() < 0.5:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: so")
            else:
                sock.sendall(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 100000\r\n\r\n"
                             + b"x" * random.randrange(0, 20000))
            reset(sock)
            counts.add("resets", "sent")
        except OSError as error:
            counts.add("resets", type(error).__name__)


def slow(port, deadline, counts, stop):
    while time.monotonic() < deadline and not stop.is_set():
        style = random.choice(["byte-at-a-time", "slow-reader", "idle"])
        try:
            with connect(port, timeout=60) as sock:
                if style == "byte-at-a-time":
                    for b in GET:
                        if stop.wait(0.1):
                            break
                        sock.sendall(bytes([b]))
                    counts.add("slow", f"{style}:{status_of(sock)}")
                elif style == "slow-reader":
                    sock.sendall(KEEP_ALIVE_GET * 200 + GET)
                    read = 0
                    while not stop.wait(0.1):
                        chunk = sock.recv(512)
                        if not chunk:
                            break
                        read += len(chunk)
                    counts.add("slow", f"{style}:read")
                else:
                    counts.add("slow", f"{style}:{status_of(sock)}")  # the idle timeout closes it
        except OSError as error:
            counts.add("slow", f"{style}:{type(error).__name__}")
            stop.wait(0.5)  # the server may be gone: do not spin


def burst(port, connections, hold_s, counts, stop):
    """Opens the connections from 16 threads at once: all must be open well within the server's
    idle timeout (5 s in soak.sh), or it closes the first before the last arrive."""
    opened = []
    lock = threading.Lock()
    started = time.monotonic()

    def open_some(count):
        for _ in range(count):
            if stop.is_set() or time.monotonic() - started > 15:
                return
            try:
                sock = connect(port, timeout=1)
                sock.sendall(KEEP_ALIVE_GET)  # answered, then held open by the server too
                with lock:
                    opened.append(sock)
            except OSError as error:
                counts.add("burst", f"connect:{type(error).__name__}")

    openers = [threading.Thread(target=open_some, args=(connections // 16 + (i < connections % 16),))
               for i in range(16)]
    try:
        for opener in openers:
            opener.start()
        for opener in openers:
            opener.join()
        counts.add("burst", f"opened:{len(opened)}")
        counts.add("burst", f"open-seconds:{time.monotonic() - started:.1f}")
        stop.wait(hold_s)
        for sock in opened:
            sock.settimeout(2)
            try:
                counts.add("burst", f"status:{status_of(sock, to_the_end=False)}")
            except OSError as error:
                counts.add("burst", f"status:{type(error).__name__}")
    finally:
        for sock in opened:
            sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--max-body", type=int, default=1024 * 1024)
    parser.add_argument("--churn-per-second", type=float, default=100)
    parser.add_argument("--resets-per-second", type=float, default=20)
    parser.add_argument("--slow-clients", type=int, default=24)
    parser.add_argument("--burst-at", type=float, action="append", default=[],
                        help="seconds after the start; repeat for several bursts")
    parser.add_argument("--burst-connections", type=int, default=0)
    args = parser.parse_args()

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the burst needs many sockets

    start = time.monotonic()
    deadline = start + args.seconds
    counts = Counts()
    stop = threading.Event()
    workers = [threading.Thread(target=churn, args=(args.port, deadline, args.churn_per_second,
                                                    args.max_body, counts, stop)),
               threading.Thread(target=resets, args=(args.port, deadline,
                                                     args.resets_per_second, counts, stop))]
    workers += [threading.Thread(target=slow, args=(args.port, deadline, counts, stop))
                for _ in range(args.slow_clients)]
    for worker in workers:
        worker.daemon = True
        worker.start()

    bursts = sorted(at for at in args.burst_at if at < args.seconds)
    try:
        while time.monotonic() < deadline:
            now = time.monotonic() - start
            if bursts and now >= bursts[0] and args.burst_connections > 0:
                bursts.pop(0)
                print(f"t={now:.0f}s burst of {args.burst_connections} connections", flush=True)
                burst(args.port, args.burst_connections, 3, counts, stop)
            else:
                wake = min(deadline, start + bursts[0]) if bursts else deadline
                stop.wait(min(10, max(0.1, wake - time.monotonic())))
                print(counts.line(time.monotonic() - start), flush=True)
    finally:
        stop.set()
        for worker in workers:
            worker.join(TIMEOUT_S + 5)  # every socket times out well before this
    print("final " + counts.line(time.monotonic() - start), flush=True)


if __name__ == "__main__":
    main()
