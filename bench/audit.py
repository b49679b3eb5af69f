"""Where a setWeight step's time goes, from the API server's audit log (bench/audit-policy.yaml).

Between two successive VirtualService writes by the controller (one step), the API server spent the route write's
time and the Rollout status write(s)' time answering; the rest of the step is the controller's own: deciding, sending,
reading answers and watch events, and waiting for its next reconcile. The same split for both controllers says which
side a difference in step latency comes from.
"""
import datetime
import json
import os
import statistics

STEP_GAP = 1.0  # s: successive route writes further apart than this are not two steps of one release


def mark(path):
    """Where the log ends now: the split reads only what is written after it."""
    return os.path.getsize(path)


def _seconds(stamp):
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def _writes(path, offset, namespace):
    """The controller's writes in the namespace after offset, oldest first: (received, answered, kind, name)."""
    writes = []
    with open(path, "rb") as log:
        log.seek(offset)
        for line in log:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line still being written
            ref = event.get("objectRef", {})
            if ref.get("namespace") != namespace or event.get("userAgent", "").startswith("kubectl"):
                continue  # the benchmark's own requests go through kubectl
            if event.get("verb") not in ("update", "patch"):
                continue
            if ref.get("resource") == "virtualservices":
                kind = "route"
            elif ref.get("resource") == "rollouts" and ref.get("subresource") == "status":
                kind = "status"
            else:
                continue
            writes.append((_seconds(event["requestReceivedTimestamp"]), _seconds(event["stageTimestamp"]), kind,
                           ref.get("name")))
    writes.sort()
    return writes


def step_split(path, offset, namespace):
    """Medians over all steps in the namespace, in s: step, route write, status write(s) and the controller's rest;
    None when the log has no step (a cluster created without the audit policy)."""
    by_name = {}
    for write in _writes(path, offset, namespace):
        by_name.setdefault(write[3], []).append(write)
    steps, routes, statuses, rest = [], [], [], []
    for writes in by_name.values():
        route_writes = [w for w in writes if w[2] == "route"]
        for this, following in zip(route_writes, route_writes[1:]):
            step = following[0] - this[0]
            if step > STEP_GAP:
                continue
            route = this[1] - this[0]
            status = sum(w[1] - w[0] for w in writes if w[2] == "status" and this[0] <= w[0] < following[0])
            steps.append(step)
            routes.append(route)
            statuses.append(status)
            rest.append(step - route - status)
    if not steps:
        return None
    return {"steps": len(steps), "step": statistics.median(steps), "route_write": statistics.median(routes),
            "status_writes": statistics.median(statuses), "controller": statistics.median(rest)}
