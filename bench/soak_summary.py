#!/usr/bin/env python3
"""The table of bench/soak.sh: samples.csv in, Markdown out.

Usage: soak_summary.py samples.csv DIED

Each series is judged after it has settled (after the first minute, or the first half of a run
shorter than two minutes): its spread, (max - min) / mean, against the 5% target of issue #17.
"""
import csv
import sys

SERIES = [("rss_kib", "RSS (MiB)", 1 / 1024), ("heap_after_gc_kib", "heap after GC (MiB)", 1 / 1024),
          ("fds", "open fds", 1), ("threads", "threads", 1)]
TARGET_PERCENT = 5


def number(text):
    return float(text) if text not in ("", None) else None


def main():
    path, died = sys.argv[1], sys.argv[2] == "1"
    with open(path, newline="") as source:
        rows = list(csv.DictReader(source))
    if not rows:
        print("No sample was taken: the server was gone before the first one.")
        return
    total = float(rows[-1]["seconds"])
    settled_from = 60 if total >= 120 else total / 2
    settled = [row for row in rows if float(row["seconds"]) >= settled_from]

    print(f"Soak: {len(rows)} samples over {total:.0f} s"
          + (" - THE SERVER DIED before the end" if died else "") + ".")
    print()
    print(f"After {settled_from:.0f} s ({len(settled)} samples); target: each series flat within"
          f" {TARGET_PERCENT}% (spread = (max - min) / mean).")
    print()
    print("| series | first | min | max | last | spread | within target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for column, name, scale in SERIES:
        values = [number(row[column]) for row in settled]
        values = [v * scale for v in values if v is not None]
        if not values:
            print(f"| {name} | - | - | - | - | - | no value |")
            continue
        mean = sum(values) / len(values)
        spread = (max(values) - min(values)) / mean * 100 if mean else 0
        print(f"| {name} | {values[0]:.1f} | {min(values):.1f} | {max(values):.1f} |"
              f" {values[-1]:.1f} | {spread:.1f}% | {'yes' if spread <= TARGET_PERCENT else 'NO'} |")
    print()
    print("| s | RSS (MiB) | heap after GC (MiB) | fds | threads | CPU (s) |")
    print("|---:|---:|---:|---:|---:|---:|")
    step = 1 if len(rows) <= 13 else max(1, round(60 / max(1.0, float(rows[1]["seconds"]))))
    for index, row in enumerate(rows):
        if index % step and index != len(rows) - 1:
            continue
        heap = number(row["heap_after_gc_kib"])
        print(f"| {float(row['seconds']):.0f} | {float(row['rss_kib']) / 1024:.1f} |"
              f" {'-' if heap is None else f'{heap / 1024:.1f}'} | {row['fds']} |"
              f" {row['threads']} | {row['cpu_seconds']} |")


if __name__ == "__main__":
    main()
