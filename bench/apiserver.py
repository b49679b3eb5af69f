"""What the API server itself counted: requests by verb and resource (apiserver_request_total on its /metrics).

The benchmark reads the counters before and after a phase in which only one controller runs, and attributes to
the controller the requests on the objects it reads and writes. Left out because other parties make them on the
local control plane: Pods, Endpoints and EndpointSlices, ReplicaSet status (the controller-manager and kwok), Leases
and Nodes (leader election, kwok). Events stay in: the controller-manager's ReplicaSet controller adds the same
two or so per revision to both controllers' counts. The benchmark's own requests (its template patch, the GET its
watches begin with) are subtracted by the caller; its LISTs and WATCHes are verbs not counted here.
"""
import re

WRITE_VERBS = {"POST", "PUT", "PATCH", "DELETE", "APPLY"}
READ_VERBS = {"GET"}
NOT_THE_CONTROLLERS = {("", "pods", ""), ("", "pods", "status"), ("", "endpoints", ""),
                       ("discovery.k8s.io", "endpointslices", ""), ("apps", "replicasets", "status"),
                       ("coordination.k8s.io", "leases", ""), ("", "nodes", ""), ("", "nodes", "status")}
_SAMPLE = re.compile(r'^apiserver_request_total\{(?P<labels>[^}]*)\} (?P<value>\S+)$')
_DURATION = re.compile(r'^apiserver_request_duration_seconds_(?P<kind>sum|count)\{(?P<labels>[^}]*)\} (?P<value>\S+)$')
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def counts(kube):
    """{(verb, group, resource, subresource): requests} summed over response codes, scopes and components; and
    {("seconds", verb, group, resource, subresource): seconds} the API server spent answering them (its request
    duration histogram's sum, which leaves out WATCH and CONNECT)."""
    totals = {}
    for line in kube.run("get", "--raw", "/metrics").splitlines():
        m = _SAMPLE.match(line)
        d = None if m else _DURATION.match(line)
        if not m and not (d and d.group("kind") == "sum"):
            continue
        labels = dict(_LABEL.findall((m or d).group("labels")))
        if not labels.get("resource"):
            continue
        key = (labels.get("verb", ""), labels.get("group", ""), labels["resource"], labels.get("subresource", ""))
        if d:
            key = ("seconds",) + key
        totals[key] = totals.get(key, 0) + float((m or d).group("value"))
    return totals


def delta(before, after):
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0) > 0}


def controllers_share(requests):
    """(writes, reads, breakdown): the requests attributed to the controller, and per verb/resource for the log."""
    mine = {k: v for k, v in requests.items() if k[0] != "seconds" and k[1:] not in NOT_THE_CONTROLLERS}
    writes = sum(v for k, v in mine.items() if k[0] in WRITE_VERBS)
    reads = sum(v for k, v in mine.items() if k[0] in READ_VERBS)
    breakdown = {f"{verb} {group + '/' if group else ''}{resource}{'/' + sub if sub else ''}": int(v)
                 for (verb, group, resource, sub), v in sorted(mine.items())
                 if verb in WRITE_VERBS | READ_VERBS}
    return writes, reads, breakdown


def step_write_seconds(requests):
    """The API server's mean time answering the two writes of a setWeight step, by what they write: the
    VirtualService and the Rollout's status. Read beside a step's latency it tells the server's share from the
    controller's (both controllers write the same objects; Argo PUTs the VirtualService, Sluice PATCHes it)."""
    means = {}
    for key, n in requests.items():
        if key[0] == "seconds":
            continue
        verb, group, resource, sub = key
        if verb not in ("PUT", "PATCH") or (resource, sub) not in (("virtualservices", ""), ("rollouts", "status")):
            continue
        seconds = requests.get(("seconds", verb, group, resource, sub), 0)
        total, count = means.get(resource, (0.0, 0.0))
        means[resource] = (total + seconds, count + n)
    return {r: total / count for r, (total, count) in means.items() if count}
