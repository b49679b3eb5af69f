#!/usr/bin/env python3
"""Sluice vs Argo Rollouts on the same workloads, one controller at a time, on one local control plane.

Started by bench/run.sh, which builds both controllers and the control plane; run it, not this file.
For each controller: start it, release a few canaries one at a time (step latency, time to Healthy), then grow to
each size in --sizes (CPU to bring the new Rollouts to Healthy, RSS and metrics size once idle), release 10% of the
largest size at once (peak RSS), delete the workload while the controller still runs, stop it. Prints one table.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apiserver  # noqa: E402
import audit  # noqa: E402
import workload  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Kube:
    def __init__(self, kubectl, kubeconfig):
        self.base = [kubectl, "--kubeconfig", kubeconfig]

    def run(self, *args, stdin=None, check=True):
        out = subprocess.run(self.base + list(args), input=stdin, capture_output=True, text=True)
        if check and out.returncode != 0:
            raise RuntimeError(f"kubectl {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def apply(self, objects):
        for i in range(0, len(objects), 400):
            self.run("apply", "-f", "-", stdin=json.dumps({"apiVersion": "v1", "kind": "List", "items": objects[i:i + 400]}))

    def watch(self, *args):
        """Lines of `kubectl get -w`, each with the time it arrived."""
        return Watch(self.base + ["get", "-w"] + list(args))


class Watch:
    def __init__(self, cmd):
        self.events = []
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            self.events.append((time.monotonic(), line.strip()))

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Controller:
    """One controller process: its RSS and CPU from /proc, its metrics over HTTP."""

    def __init__(self, name, cmd, ready_url, metrics_url, logfile, env=None):
        self.name, self.cmd, self.ready_url, self.metrics_url = name, cmd, ready_url, metrics_url
        self.logfile, self.env, self.proc = logfile, env, None

    def start(self, timeout=180):
        log(f"{self.name}: starting ({' '.join(self.cmd)}), log in {self.logfile}")
        out = open(self.logfile, "w")
        self.proc = subprocess.Popen(self.cmd, stdout=out, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.logfile}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} not ready within {timeout}s")

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def metrics_bytes(self):
        with urllib.request.urlopen(self.metrics_url, timeout=60) as r:
            return len(r.read())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def healthy_count(kube, controller, namespace):
    """Rollouts of the namespace whose status describes their current generation and says Healthy."""
    out = kube.run("get", workload.RESOURCE[controller], "-n", namespace, "-o",
                   "jsonpath={range .items[*]}{.metadata.generation} {.status.observedGeneration} {.status.phase}{\"\\n\"}{end}")
    lines = [l.split() for l in out.splitlines() if l.strip()]
    return sum(1 for l in lines if len(l) == 3 and l[0] == l[1] and l[2] == "Healthy"), len(lines)


def wait_healthy(kube, controller, namespace, want, timeout, on_poll=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        healthy, _ = healthy_count(kube, controller, namespace)
        if on_poll:
            on_poll()
        if healthy >= want:
            return
        time.sleep(1)
    raise RuntimeError(f"{controller}: {healthy}/{want} Rollouts Healthy in {namespace} after {timeout}s")


def revision_patch(revision):
    return json.dumps({"spec": {"template": {"metadata": {"annotations": {"bench/revision": str(revision)}}}}})


def watch_release(kube, controller, namespace, name, rollout_fields):
    """Two watches for one release: the canary's weight on the VirtualService, and rollout_fields (a jsonpath) of the
    Rollout; returned once both have printed the current state."""
    vs = kube.watch("virtualservices.networking.istio.io", name, "-n", namespace, "-o",
                    "jsonpath={.spec.http[0].route[1].weight}{\"\\n\"}")
    ro = kube.watch(workload.RESOURCE[controller], name, "-n", namespace, "-o", f"jsonpath={rollout_fields}{{\"\\n\"}}")
    time.sleep(1.0)
    return vs, ro


def release_latency(kube, controller, namespace, releases, cpu_seconds, audit_log=None):
    """Releases `releases` canaries one after another; per release, the weight changes seen on its VirtualService and
    the controller's CPU from the template patch to Healthy. With the API server's audit log, also where a step's time
    went (bench/audit.py)."""
    kube.run("create", "namespace", namespace)
    objects = []
    for i in range(releases):
        objects += workload.rollout_objects(controller, namespace, f"lat-{i}")
    kube.apply(objects)
    wait_healthy(kube, controller, namespace, releases, 300)
    steps, to_healthy, cpu = [], [], []
    before = apiserver.counts(kube)
    audit_offset = audit.mark(audit_log) if audit_log else None
    for i in range(releases):
        name = f"lat-{i}"
        vs, ro = watch_release(kube, controller, namespace, name,
                               "{.metadata.generation} {.status.observedGeneration} {.status.phase}")
        cpu_before = cpu_seconds()
        start = time.monotonic()
        kube.run("patch", workload.RESOURCE[controller], name, "-n", namespace, "--type=merge", "-p", revision_patch(2))
        done = None
        while done is None and time.monotonic() - start < 180:
            for t, line in list(ro.events):
                parts = line.split()
                if t > start and len(parts) == 3 and parts[0] == parts[1] and parts[0] != "1" and parts[2] == "Healthy":
                    done = t
                    break
            time.sleep(0.05)
        cpu.append(cpu_seconds() - cpu_before)
        vs.stop()
        ro.stop()
        if done is None:
            raise RuntimeError(f"{controller}: {name} did not become Healthy within 180 s of its template change")
        to_healthy.append(done - start)
        # Time between two successive setWeight steps: the weight on the VirtualService moving from w to w+10.
        seen = [(t, int(w)) for t, w in vs.events if t > start and w.isdigit()]
        for (t0, w0), (t1, w1) in zip(seen, seen[1:]):
            if w1 == w0 + 10 and w0 >= 10:
                steps.append(t1 - t0)
        log(f"{controller}: {name} Healthy {done - start:.2f}s after its template change")
    requests = apiserver.delta(before, apiserver.counts(kube))
    writes, reads, breakdown = apiserver.controllers_share(requests)
    writes -= releases  # the benchmark's own template patches
    reads -= 2 * releases  # its two watches per release each begin with a GET
    server = apiserver.step_write_seconds(requests)
    log(f"{controller}: API requests over {releases} revisions, the benchmark's patches included: {breakdown}")
    log(f"{controller}: the API server's mean time per write, in s: {server}")
    split = None
    if audit_log:
        split = audit.step_split(audit_log, audit_offset, namespace)
        if split is None:
            raise RuntimeError(f"{audit_log} has no step of {controller}'s: was the cluster created with the audit policy?")
        log(f"{controller}: a step's time from the audit log, medians in s: {split}")
    return steps, to_healthy, {"writes": writes / releases, "reads": reads / releases, "server": server, "split": split,
                               "cpu": statistics.median(cpu), "cpu_each": cpu}


def abort_latency(kube, controller, namespace, count):
    """Per Rollout: a release paused at 50%, then aborted as a user does (status.abort, the status subresource);
    the time from the abort landing (the Rollout's watch) to the canary's weight 0 (the VirtualService's watch)."""
    objects = []
    for i in range(count):
        objects += workload.rollout_objects(controller, namespace, f"abort-{i}", steps=workload.ABORT_STEPS)
    kube.apply(objects)
    wait_healthy(kube, controller, namespace, count, 300)
    latencies = []
    for i in range(count):
        name = f"abort-{i}"
        vs, ro = watch_release(kube, controller, namespace, name, "{.status.abort}")
        kube.run("patch", workload.RESOURCE[controller], name, "-n", namespace, "--type=merge", "-p", revision_patch(2))
        if not wait_for(lambda: any(w == "50" for _, w in vs.events), 120):
            raise RuntimeError(f"{controller}: {name} never reached its 50% step")
        time.sleep(0.5)  # on the pause step now
        kube.run("patch", workload.RESOURCE[controller], name, "-n", namespace, "--subresource=status", "--type=merge",
                 "-p", json.dumps({"status": {"abort": True}}))
        landed = lambda: next((t for t, a in ro.events if a == "true"), None)
        zero = lambda: next((t for t, w in vs.events if landed() and t >= landed() and w == "0"), None)
        ok = wait_for(lambda: landed() is not None and zero() is not None, 60)
        vs.stop()
        ro.stop()
        if not ok:
            raise RuntimeError(f"{controller}: {name}'s canary weight did not go to 0 within 60 s of its abort")
        latencies.append(zero() - landed())
    log(f"{controller}: abort to 0% in ms: {[round(v * 1000) for v in latencies]}")
    return latencies


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def grow(kube, controller, ctl, namespace, sizes, settle):
    """Grows the namespace to each size; per size: CPU to Healthy, RSS and metrics size once idle."""
    kube.run("create", "namespace", namespace)
    have, results = 0, {}
    for n in sizes:
        objects = []
        for i in range(have, n):
            objects += workload.rollout_objects(controller, namespace, f"r-{i}", steps=True)
        cpu0, t0 = ctl.cpu_seconds(), time.monotonic()
        kube.apply(objects)
        wait_healthy(kube, controller, namespace, n, 120 + n)
        cpu, wall = ctl.cpu_seconds() - cpu0, time.monotonic() - t0
        time.sleep(settle)
        results[n] = {"rss": ctl.rss_mib(), "metrics": ctl.metrics_bytes(), "cpu": cpu, "new": n - have, "wall": wall}
        log(f"{controller}: {n} Rollouts: {results[n]}")
        have = n
    return results


def release_burst(kube, controller, ctl, namespace, n, revision=2):
    """Releases 10% of the n Rollouts at once (to a template of this revision); peak RSS until they are Healthy again."""
    count = max(1, n // 10)
    for i in range(count):
        kube.run("patch", workload.RESOURCE[controller], f"r-{i}", "-n", namespace, "--type=merge", "-p", revision_patch(revision))
    peak = [ctl.rss_mib()]
    wait_healthy(kube, controller, namespace, n, 600, on_poll=lambda: peak.append(ctl.rss_mib()))
    return max(peak)


def bench_one(kube, controller, ctl, args):
    ctl.start()
    lat_ns, scale_ns = f"bench-lat-{controller}", f"bench-scale-{controller}"
    try:
        rss_start = ctl.rss_mib()
        steps, to_healthy, requests = release_latency(kube, controller, lat_ns, args.releases, ctl.cpu_seconds,
                                                      args.audit_log)
        aborts = abort_latency(kube, controller, lat_ns, args.aborts)
        sizes = grow(kube, controller, ctl, scale_ns, args.sizes, args.settle)
        peak = release_burst(kube, controller, ctl, scale_ns, args.sizes[-1]) if args.burst else None
        return {"rss_start": rss_start, "steps": steps, "to_healthy": to_healthy, "requests": requests,
                "aborts": aborts, "sizes": sizes, "burst_peak": peak}
    finally:
        # Deleted while the controller runs, so that any finalizer of its own is removed, and gone before the next
        # controller starts: the garbage collector deleting 2,000 Rollouts' ReplicaSets and Pods in the next one's
        # run would load the API server under it, add its requests to the next one's counts, and fill the next
        # one's cluster-wide caches (a run on 2026-12-07 where a 600 s wait ran out showed all three).
        kube.run("delete", "namespace", lat_ns, scale_ns, "--ignore-not-found", "--wait=false", check=False)
        gone = wait_namespaces_gone(kube, [lat_ns, scale_ns], NAMESPACE_DELETION_TIMEOUT)
        ctl.stop()
        if not gone:
            raise RuntimeError(f"{controller}: namespaces {lat_ns} and {scale_ns} were not gone "
                               f"{NAMESPACE_DELETION_TIMEOUT} s after their deletion; the next controller's figures would be wrong")


NAMESPACE_DELETION_TIMEOUT = 3600


def wait_namespaces_gone(kube, namespaces, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not kube.run("get", "namespace", *namespaces, "--ignore-not-found", "-o", "name", check=False).strip():
            return True
        time.sleep(5)
    return False


def percentile(values, p):
    """Nearest-rank percentile: with 20 values, p99 is the largest; None without values (BENCH_ABORTS=0)."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)] if ordered else None


def table(results, args):
    names = [c for c in ("sluice", "argo") if c in results]
    rows = []

    def row(label, fmt, key):
        values = [key(results[c]) for c in names]
        ratio = ""
        if len(values) == 2 and values[0] is not None and values[1]:
            ratio = f"{values[0] / values[1]:.2f}"
        rows.append([label] + ["-" if v is None else fmt(v) for v in values] + ([ratio] if len(names) == 2 else []))

    ms = lambda v: f"{v * 1000:.0f} ms"
    row("one setWeight step, median", ms, lambda r: statistics.median(r["steps"]))
    row("one setWeight step, max", ms, lambda r: max(r["steps"]))
    row("template change to Healthy (10 steps), median", lambda v: f"{v:.2f} s", lambda r: statistics.median(r["to_healthy"]))
    row("abort to canary weight 0, p50", ms, lambda r: percentile(r["aborts"], 50))
    row(f"abort to canary weight 0, p99 ({args.aborts} aborts)", ms, lambda r: percentile(r["aborts"], 99))
    for kind, what in (("virtualservices", "VirtualService"), ("rollouts", "Rollout status")):
        row(f"API server's time per {what} write, mean", ms, lambda r, kind=kind: r["requests"].get("server", {}).get(kind))
    if all(results[c]["requests"].get("split") for c in names):
        for key, what in (("step", "one setWeight step"), ("route_write", "its VirtualService write on the API server"),
                          ("status_writes", "its Rollout status write(s) on the API server"),
                          ("controller", "the rest: the controller's own time")):
            row(f"audit log, median: {what}", lambda v: f"{v * 1000:.1f} ms", lambda r, key=key: r["requests"]["split"][key])
    # On two cores a release's steps keep both busy (API server, etcd, controller): the controller's CPU is taken from
    # the server's, so it shows in the step's latency even when it is not on the step's own path.
    row("controller CPU per revision (10 steps), median", ms, lambda r: r["requests"].get("cpu"))
    row("API writes per revision (10 steps)", lambda v: f"{v:.1f}", lambda r: r["requests"]["writes"])
    row("API GETs per revision", lambda v: f"{v:.1f}", lambda r: r["requests"]["reads"])
    row("RSS after start, no Rollout", lambda v: f"{v:.0f} MiB", lambda r: r["rss_start"])
    for n in args.sizes:
        row(f"RSS idle, {n} Rollouts", lambda v: f"{v:.0f} MiB", lambda r, n=n: r["sizes"][n]["rss"])
    for n in args.sizes:
        row(f"metrics endpoint size, {n} Rollouts", lambda v: f"{v / 1e6:.2f} MB", lambda r, n=n: r["sizes"][n]["metrics"])
    for n in args.sizes:
        row(f"CPU to bring the Rollouts up to {n} to Healthy", lambda v: f"{v:.1f} s", lambda r, n=n: r["sizes"][n]["cpu"])
    if args.burst:
        row(f"peak RSS while 10% of {args.sizes[-1]} release", lambda v: f"{v:.0f} MiB", lambda r: r["burst_peak"])
    header = ["", *("Sluice" if c == "sluice" else "Argo Rollouts" for c in names)] + (["ratio"] if len(names) == 2 else [])
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kubeconfig", required=True)
    p.add_argument("--kubectl", required=True)
    p.add_argument("--controllers", default="sluice,argo")
    p.add_argument("--sizes", default="200,1000", help="Rollout counts, ascending")
    p.add_argument("--releases", type=int, default=5, help="canaries released one at a time for step latency")
    p.add_argument("--aborts", type=int, default=20, help="canaries aborted at 50%% for the abort latency")
    p.add_argument("--settle", type=int, default=30, help="seconds idle before RSS is read")
    p.add_argument("--burst", action="store_true", help="release 10%% of the largest size at once (peak RSS)")
    p.add_argument("--sluice-cmd", required=True, help="command starting Sluice's operator (shell words)")
    p.add_argument("--argo-bin", help="the rollouts-controller binary")
    p.add_argument("--logs", default="/tmp")
    p.add_argument("--json", help="also write the raw results here")
    p.add_argument("--audit-log", help="the API server's audit log (bench/audit-policy.yaml): split each step's time")
    p.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18080")),
                   help="Sluice's HTTP port; Argo's health and metrics ports are the next two")
    args = p.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    kube = Kube(args.kubectl, args.kubeconfig)
    env = dict(os.environ, KUBECONFIG=args.kubeconfig)
    controllers = {
        "sluice": lambda: Controller("sluice", args.sluice_cmd.split() + [], f"http://127.0.0.1:{args.port}/q/health/ready",
                                     f"http://127.0.0.1:{args.port}/q/metrics", os.path.join(args.logs, f"bench-sluice-{args.port}.log"),
                                     dict(env, QUARKUS_HTTP_PORT=str(args.port))),
        "argo": lambda: Controller("argo", [args.argo_bin, "--kubeconfig", args.kubeconfig, "--leader-elect=false",
                                            "--healthzPort", str(args.port + 1), "--metricsPort", str(args.port + 2)],
                                   f"http://127.0.0.1:{args.port + 1}/healthz", f"http://127.0.0.1:{args.port + 2}/metrics",
                                   os.path.join(args.logs, f"bench-argo-{args.port}.log"), env),
    }
    results = {}
    for name in args.controllers.split(","):
        results[name] = bench_one(kube, name, controllers[name](), args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, default=str)
    print(table(results, args))


if __name__ == "__main__":
    main()
