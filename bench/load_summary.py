#!/usr/bin/env python3
"""Summarises a bench/load.sh TSV: medians over rounds, and HelloServer ("spindle") / each."""
import csv
import statistics
import sys
from collections import defaultdict

NAMES = {
    "spindle": "Spindle HelloServer",
    "spindle-debug": "Spindle HelloServer, -Dspindle.debug=true",
    "nio": "hand-written NIO, 1 thread",
    "netty-nio": "Netty 4.2, 1 loop, NIO",
    "netty-epoll": "Netty 4.2, 1 loop, epoll",
    "virtual": "virtual threads, 1 carrier",
}


FIELDS = ("requests_per_s", "p50_us", "p99_us", "cpu_us_per_request", "user_us_per_request")


def paired_cpu_ratio(rows, scenario, anchor):
    """Median over rounds of HelloServer's CPU per request / the anchor's in the same round."""
    by_round = {r["round"]: float(r["cpu_us_per_request"]) for r in rows[(scenario, anchor)]}
    ratios = [float(r["cpu_us_per_request"]) / by_round[r["round"]]
              for r in rows[(scenario, "spindle")] if r["round"] in by_round]
    return statistics.median(ratios) if ratios else float("nan")


def main(path):
    rows = defaultdict(list)
    order = []
    with open(path) as tsv:
        for row in csv.DictReader(tsv, delimiter="\t"):
            key = (row["scenario"], row["server"])
            if key not in rows:
                order.append(key)
            rows[key].append(row)
    for scenario in dict.fromkeys(s for s, _ in order):
        servers = [name for s, name in order if s == scenario]
        median = {name: {field: statistics.median(float(r[field]) for r in rows[(scenario, name)])
                         for field in FIELDS if field in rows[(scenario, name)][0]}
                  for name in servers}
        errors = {name: sum(int(r["errors"]) for r in rows[(scenario, name)]) for name in servers}
        runs = len(rows[(scenario, servers[0])])
        print(f"\n### {scenario}: median of {runs} run(s)\n")
        print("| server | requests/s | p50 µs | p99 µs | server CPU µs/request | of it user |"
              " errors |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in servers:
            m = median[name]
            user = f"{m['user_us_per_request']:.2f}" if "user_us_per_request" in m else "-"
            print(f"| {NAMES.get(name, name)} | {m['requests_per_s']:.0f} | {m['p50_us']:.0f} |"
                  f" {m['p99_us']:.0f} | {m['cpu_us_per_request']:.2f} | {user} |"
                  f" {errors[name]} |")
        if "spindle" in median:
            s = median["spindle"]
            print("\nHelloServer / anchor (requests/s ratio > 1 and CPU ratio < 1 favour Spindle):\n")
            print("| anchor | requests/s ratio | p99 ratio | CPU/request ratio |"
                  " CPU ratio, median of rounds |")
            print("|---|---:|---:|---:|---:|")
            for name in servers:
                if name == "spindle":
                    continue
                a = median[name]
                print(f"| {NAMES.get(name, name)} | {s['requests_per_s'] / a['requests_per_s']:.2f} |"
                      f" {s['p99_us'] / a['p99_us']:.2f} |"
                      f" {s['cpu_us_per_request'] / a['cpu_us_per_request']:.2f} |"
                      f" {paired_cpu_ratio(rows, scenario, name):.2f} |")
        else:
            print("\n(no Spindle HelloServer in this run: no ratios)")


if __name__ == "__main__":
    main(sys.argv[1])
