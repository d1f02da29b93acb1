#!/usr/bin/env python3
"""Checks that a hello server on 127.0.0.1:PORT behaves as load.sh assumes before it is measured:
pipelined requests answered in order, a request dribbled in pieces, Connection: close honoured,
HTTP/1.0 closed, garbage refused with 400. Prints one line per check; exits 1 if any fails.

    python3 bench/probe_server.py 18081
"""
import socket
import sys
import time

HELLO = b"Hello, world!"
GET = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
GET_AND_CLOSE = b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"


def exchange(port, payload, piece=None):
    """Sends payload (in pieces of `piece` bytes if given), reads until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        if piece:
            for i in range(0, len(payload), piece):
                connection.sendall(payload[i:i + piece])
                time.sleep(0.002)
        else:
            connection.sendall(payload)
        answer = b""
        try:
            while True:
                data = connection.recv(65536)
                if not data:
                    return answer, True
                answer += data
        except socket.timeout:
            return answer, False


def main(port):
    checks = []

    answer, closed = exchange(port, GET * 3 + GET_AND_CLOSE)
    checks.append(("4 pipelined requests, the last closing", answer.count(HELLO) == 4 and closed))
    answer, closed = exchange(port, GET + GET_AND_CLOSE, piece=7)
    checks.append(("2 requests dribbled 7 bytes at a time", answer.count(HELLO) == 2 and closed))
    answer, closed = exchange(port, GET * 999 + GET_AND_CLOSE)
    checks.append(("1000 pipelined requests", answer.count(HELLO) == 1000 and closed))
    answer, closed = exchange(port, b"GET / HTTP/1.0\r\n\r\n")
    checks.append(("HTTP/1.0 answered, then closed", answer.count(HELLO) == 1 and closed))
    answer, closed = exchange(port, b"garbage\r\n\r\n")
    checks.append(("garbage refused with 400", answer.startswith(b"HTTP/1.1 400") and closed))

    for name, passed in checks:
        print(f"  {'ok  ' if passed else 'FAIL'} {name}")
    return 0 if all(passed for _, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
