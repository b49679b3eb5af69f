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
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def counts(kube):
    """{(verb, group, resource, subresource): requests} summed over response codes, scopes and components."""
    totals = {}
    for line in kube.run("get", "--raw", "/metrics").splitlines():
        m = _SAMPLE.match(line)
        if not m:
            continue
        labels = dict(_LABEL.findall(m.group("labels")))
        if not labels.get("resource"):
            continue
        key = (labels.get("verb", ""), labels.get("group", ""), labels["resource"], labels.get("subresource", ""))
        totals[key] = totals.get(key, 0) + float(m.group("value"))
    return totals


def delta(before, after):
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0) > 0}


def controllers_share(requests):
    """(writes, reads, breakdown): the requests attributed to the controller, and per verb/resource for the log."""
    mine = {k: v for k, v in requests.items() if k[1:] not in NOT_THE_CONTROLLERS}
    writes = sum(v for k, v in mine.items() if k[0] in WRITE_VERBS)
    reads = sum(v for k, v in mine.items() if k[0] in READ_VERBS)
    breakdown = {f"{verb} {group + '/' if group else ''}{resource}{'/' + sub if sub else ''}": int(v)
                 for (verb, group, resource, sub), v in sorted(mine.items())
                 if verb in WRITE_VERBS | READ_VERBS}
    return writes, reads, breakdown
