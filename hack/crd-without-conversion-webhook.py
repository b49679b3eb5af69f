#!/usr/bin/env python3
"""Picks CustomResourceDefinitions by name out of a multi-document file (stdin) and drops their conversion webhook.

Emissary-ingress ships its CRDs with `conversion: {strategy: Webhook}` pointing at its own apiext Service
(emissary-system/emissary-apiext). On a control plane where that Service does not run (the local one has no pods
that serve), the API server fails every request that needs a conversion between versions. With `strategy: None` the API server converts between versions by rewriting apiVersion only, which
is enough for objects written and read in one version (Sluice writes Mappings in getambassador.io/v2, the stored
version). Nothing else of the CRD changes. Fails when a named CRD is missing.
Usage: hack/crd-without-conversion-webhook.py mappings.getambassador.io [...] < crds.yaml > picked.yaml
"""
import sys

import yaml


def main(names):
    wanted = set(names)
    picked = []
    for doc in yaml.safe_load_all(sys.stdin):
        if not doc or doc.get("kind") != "CustomResourceDefinition":
            continue
        if doc["metadata"]["name"] not in wanted:
            continue
        doc["spec"]["conversion"] = {"strategy": "None"}
        picked.append(doc)
    missing = wanted - {d["metadata"]["name"] for d in picked}
    if missing:
        raise SystemExit("no CustomResourceDefinition named %s in the input" % ", ".join(sorted(missing)))
    yaml.safe_dump_all(picked, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
