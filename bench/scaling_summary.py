#!/usr/bin/env python3
"""Summary of bench/scaling.sh: per server and loop count, the median over rounds of requests/s,
p99 and server CPU (all, and user only) per request, the speed-up over the same server's 1-loop
run, and, per round, the CPU-per-request ratio of each loop count to 1 loop and of Spindle to
each Netty at the same loop count (two runs minutes apart at most)."""
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
    print("| server | loops | server CPUs | requests/s | speed-up | p99 (us) | CPU us/request |"
          " user us/request | errors |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for server in servers:
        base = None
        for loops in sorted(loops for name, loops in rows if name == server):
            runs = rows[(server, loops)]
            rate = statistics.median(float(r["requests_per_s"]) for r in runs)
            p99 = statistics.median(float(r["p99_us"]) for r in runs)
            cpu = statistics.median(float(r["cpu_us_per_request"]) for r in runs)
            user = statistics.median(float(r["user_us_per_request"]) for r in runs)
            errors = sum(int(r["errors"]) for r in runs)
            if loops == 1:
                base = rate
            speedup = f"{rate / base:.2f}x" if base else "-"
            print(f"| {server} | {loops} | {runs[0]['server_cpus']} | {rate:,.0f} | {speedup} |"
                  f" {p99:,.0f} | {cpu:.2f} | {user:.2f} | {errors} |")


def ratios(path):
    by_round = defaultdict(dict)
    with open(path) as raw:
        for row in csv.DictReader(raw, delimiter="\t"):
            by_round[row["round"]][(row["server"], int(row["loops"]))] = float(row["cpu_us_per_request"])
    print()
    print("CPU per request, ratios within each round (median over rounds):")
    keys = sorted({key for runs in by_round.values() for key in runs})
    for server, loops in keys:
        if loops == 1:
            continue
        within = [runs[(server, loops)] / runs[(server, 1)] for runs in by_round.values()
                  if (server, loops) in runs and (server, 1) in runs and runs[(server, 1)] > 0]
        if within:
            print(f"  {server} {loops} loops / 1 loop: {statistics.median(within):.2f}"
                  f" (rounds: {', '.join(f'{r:.2f}' for r in within)})")
    for server, loops in keys:
        if server == "spindle":
            continue
        within = [runs[("spindle", loops)] / runs[(server, loops)] for runs in by_round.values()
                  if ("spindle", loops) in runs and (server, loops) in runs and runs[(server, loops)] > 0]
        if within:
            print(f"  spindle / {server}, {loops} loop(s): {statistics.median(within):.2f}"
                  f" (rounds: {', '.join(f'{r:.2f}' for r in within)})")


if __name__ == "__main__":
    main(sys.argv[1])
    ratios(sys.argv[1])
