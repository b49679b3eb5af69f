#!/usr/bin/env python3
"""RSS and metrics size of one Sluice operator started over N existing Rollouts, once they are Healthy and idle.

Quicker than bench/run.sh for comparing JVM options or a change: the Rollouts stay in namespace bench-idle between
runs (delete it yourself at the end). Example, with KUBECONFIG of hack/local-cluster.sh up:
  bench/idle.py --kubectl kubectl --n 1000 --sluice-cmd "java -Xmx256m -jar operator/target/quarkus-app/quarkus-run.jar"
With --jcmd DIR (the command's java started with -XX:NativeMemoryTracking=summary), once idle it also writes the
JVM's native memory summary (RSS split into heap, metaspace, code, threads, GC, ...) and, after a full GC, the heap
histogram (what the live objects are) to DIR, and prints the RSS again after that full GC. With --burst, it then
releases 10% of the N Rollouts at once (a new revision each run) and prints the peak RSS until they are Healthy.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import workload  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kubeconfig", default=os.environ.get("KUBECONFIG"))
    p.add_argument("--kubectl", default="kubectl")
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--settle", type=int, default=60, help="seconds idle before RSS is read")
    p.add_argument("--sluice-cmd", required=True)
    p.add_argument("--namespace", default="bench-idle")
    p.add_argument("--jcmd", metavar="DIR", help="write the native memory summary and heap histogram here")
    p.add_argument("--burst", action="store_true", help="then release 10%% of them at once and print the peak RSS")
    p.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18080")), help="Sluice's HTTP port")
    args = p.parse_args()
    kube = bench.Kube(args.kubectl, args.kubeconfig)
    kube.run("create", "namespace", args.namespace, check=False)
    ctl = bench.Controller("sluice", args.sluice_cmd.split(), f"http://127.0.0.1:{args.port}/q/health/ready",
                           f"http://127.0.0.1:{args.port}/q/metrics", f"/tmp/bench-idle-sluice-{args.port}.log",
                           dict(os.environ, KUBECONFIG=args.kubeconfig, QUARKUS_HTTP_PORT=str(args.port)))
    ctl.start()
    try:
        # Only the Rollouts not there yet: applying 2,000 unchanged ones again takes minutes on a small machine.
        _, have = bench.healthy_count(kube, "sluice", args.namespace)
        objects = []
        for i in range(have, args.n):
            objects += workload.rollout_objects("sluice", args.namespace, f"r-{i}")
        kube.apply(objects)
        bench.wait_healthy(kube, "sluice", args.namespace, args.n, 120 + args.n)
        time.sleep(args.settle)
        print(f"n={args.n} rss={ctl.rss_mib():.0f}MiB metrics={ctl.metrics_bytes() / 1e6:.2f}MB "
              f"cpu={ctl.cpu_seconds():.1f}s cmd={args.sluice_cmd}")
        if args.jcmd:
            jcmd_reports(ctl, args.jcmd, f"n{args.n}")
        if args.burst:
            cpu0, t0 = ctl.cpu_seconds(), time.monotonic()
            peak = bench.release_burst(kube, "sluice", ctl, args.namespace, args.n, revision=int(time.time()))
            print(f"n={args.n} burst={max(1, args.n // 10)} peak-rss={peak:.0f}MiB cpu={ctl.cpu_seconds() - cpu0:.1f}s "
                  f"wall={time.monotonic() - t0:.0f}s")
    finally:
        ctl.stop()


def jcmd_reports(ctl, directory, stem):
    """The native memory summary before a full GC, the heap histogram (which runs one), the RSS after it."""
    os.makedirs(directory, exist_ok=True)
    for command, name in (("VM.native_memory summary", "nmt"), ("GC.class_histogram", "histogram"),
                          ("VM.native_memory summary", "nmt-after-gc")):
        out = subprocess.run(["jcmd", str(ctl.proc.pid)] + command.split(), capture_output=True, text=True)
        path = os.path.join(directory, f"{stem}-{name}.txt")
        with open(path, "w") as f:
            f.write(out.stdout + out.stderr)
        bench.log(f"{command}: {path}")
    print(f"n={stem[1:]} rss-after-full-gc={ctl.rss_mib():.0f}MiB")


if __name__ == "__main__":
    main()
