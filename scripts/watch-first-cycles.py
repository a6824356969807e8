#!/usr/bin/env python3
"""How late each target's first cycle of a `gomem watch --format json` log finished, from its "up" event.

A target's cycles are due at the watch's start plus a fixed offset inside the interval (FNV-1a of the job key,
as CollectionScheduler.Offset computes it); the watch's start is taken as the earliest (up time - offset), so the
figures are relative to the fastest target. Used by scripts/watch-scale.sh's readers:

    scripts/watch-first-cycles.py JOB INTERVAL_SECONDS watch.log...
"""
import json
import sys
from datetime import datetime


def offset_fraction(key):
    h = 2166136261
    for c in key:
        h = ((h ^ ord(c)) * 16777619) & 0xFFFFFFFF
    return h / 4294967296.0


def main(job, interval, paths):
    for path in paths:
        ups = {}
        with open(path, encoding="utf-8") as log:
            for line in log:
                event = json.loads(line)
                if event["event"] != "up" or event["target"] in ups:
                    continue
                instance = event["target"].split("/", 1)[1]
                due = interval * offset_fraction(f"{job} http://{instance}/")
                ups[event["target"]] = datetime.fromisoformat(event["time"]).timestamp() - due
        base = min(ups.values())
        late = sorted(u - base for u in ups.values())

        def q(p):
            return late[min(len(late) - 1, int(p * len(late)))]

        print(f"{path}: {len(late)} first cycles finished after their due time (relative to the earliest): "
              f"median {q(0.5):.2f} s, p90 {q(0.9):.2f} s, p99 {q(0.99):.2f} s, max {late[-1]:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3:])
