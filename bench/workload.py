"""The benchmark's workload: the same canary for Sluice and for Argo Rollouts, only the API group differs.

Each Rollout has one replica, a stable and a canary Service and an Istio VirtualService whose route "primary" the
controller weights; its canary walks setWeight 10, 20, ..., 100 without pauses, so the time between two weight
changes on the VirtualService is the time one setWeight step takes.
"""

GROUPS = {"sluice": "sluice.dev/v1alpha1", "argo": "argoproj.io/v1alpha1"}
RESOURCE = {"sluice": "rollouts.sluice.dev", "argo": "rollouts.argoproj.io"}
STEP_WEIGHTS = list(range(10, 101, 10))
# The canary of the abort figures: half the traffic, then a pause that only an abort (or a promotion) ends.
ABORT_STEPS = [{"setWeight": 50}, {"pause": {}}]


def rollout_objects(controller, namespace, name, steps=True, revision="1"):
    """The four objects of one benchmark Rollout, as dicts (kubectl apply reads JSON).

    steps: True for the ten setWeight steps, False for none, or a list of canary steps."""
    labels = {"app": name}
    service = lambda side: {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": f"{name}-{side}", "namespace": namespace},
        # Headless: no cluster IP, so thousands of them fit in the local control plane's small service range.
        "spec": {"clusterIP": "None", "selector": labels, "ports": [{"name": "http", "port": 80, "targetPort": 8080}]},
    }
    virtual_service = {
        "apiVersion": "networking.istio.io/v1alpha3", "kind": "VirtualService",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"hosts": [f"{name}.bench.example"], "http": [{"name": "primary", "route": [
            {"destination": {"host": f"{name}-stable"}, "weight": 100},
            {"destination": {"host": f"{name}-canary"}, "weight": 0}]}]},
    }
    rollout = {
        "apiVersion": GROUPS[controller], "kind": "Rollout",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "replicas": 1,
            "revisionHistoryLimit": 2,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels, "annotations": {"bench/revision": revision}},
                "spec": {"containers": [{"name": "app", "image": "registry.invalid/bench:1",
                                         "ports": [{"name": "http", "containerPort": 8080}]}]},
            },
            "strategy": {"canary": {
                "stableService": f"{name}-stable",
                "canaryService": f"{name}-canary",
                "trafficRouting": {"istio": {"virtualService": {"name": name, "routes": ["primary"]}}},
                "steps": steps if isinstance(steps, list) else [{"setWeight": w} for w in STEP_WEIGHTS] if steps else [],
            }},
        },
    }
    return [service("stable"), service("canary"), virtual_service, rollout]
