#!/usr/bin/env python3
"""Wall time of kubectl-sluice commands, each run many times, interleaved so that a noisy machine hurts all alike.

Each command is a shell string; one warm-up run each (it makes the launcher's class-data archive on first use),
then RUNS rounds. Prints per command the median and minimum wall time and the median CPU (user + sys of the
process and its children). Example, main's launcher and jar against this checkout's, on a cluster's kubeconfig:
  bench/cli.py --runs 10 \\
    'SLUICE_PLUGIN_JAR=/tmp/main.jar SLUICE_CACHE=/tmp/cache-main ../main/bin/kubectl-sluice get rollout web -n bench' \\
    'bin/kubectl-sluice get rollout web -n bench'
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def once(command):
    start = time.perf_counter()
    process = subprocess.Popen(["bash", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if status != 0:
        sys.exit(f"failed ({status}): {command}\n{err.decode(errors='replace')[-500:]}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("commands", nargs="+")
    args = p.parse_args()
    for command in args.commands:
        once(command)
    results = {command: [] for command in args.commands}
    for _ in range(args.runs):
        for command in args.commands:
            results[command].append(once(command))
    print(f"{args.runs} runs each, load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cpus")
    print(f"{'wall median':>12} {'wall min':>9} {'cpu median':>11}  command")
    for command, runs in results.items():
        walls = [r[0] for r in runs]
        cpus = [r[1] for r in runs]
        print(f"{statistics.median(walls):9.0f} ms {min(walls):6.0f} ms {statistics.median(cpus):8.0f} ms  {command}")


if __name__ == "__main__":
    main()
