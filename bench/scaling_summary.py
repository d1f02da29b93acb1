#!/usr/bin/env python3
"""Summary of bench/scaling.sh: per server and loop count, the median over rounds of requests/s,
p99 and server CPU per request, and the speed-up over the same server's 1-loop run."""
import csv
import statistics
import sys
from collections import defaultdict


def main(path):
    rows = defaultdict(list)
    with open(path) as raw:
        for row in csv.DictReader(raw, delimiter="\t"):
            rows[(row["server"], int(row["loops"]))].append(row)
    servers = sorted({server for server, _ in rows})
    print("| server | loops | server CPUs | requests/s | speed-up | p99 (us) | CPU us/request | errors |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for server in servers:
        base = None
        for loops in sorted(loops for name, loops in rows if name == server):
            runs = rows[(server, loops)]
            rate = statistics.median(float(r["requests_per_s"]) for r in runs)
            p99 = statistics.median(float(r["p99_us"]) for r in runs)
            cpu = statistics.median(float(r["cpu_us_per_request"]) for r in runs)
            errors = sum(int(r["errors"]) for r in runs)
            if loops == 1:
                base = rate
            speedup = f"{rate / base:.2f}x" if base else "-"
            print(f"| {server} | {loops} | {runs[0]['server_cpus']} | {rate:,.0f} | {speedup} |"
                  f" {p99:,.0f} | {cpu:.2f} | {errors} |")


if __name__ == "__main__":
    main(sys.argv[1])
