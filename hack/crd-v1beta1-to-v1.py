#!/usr/bin/env python3
"""Rewrites an apiextensions.k8s.io/v1beta1 CustomResourceDefinition (stdin) as apiextensions.k8s.io/v1 (stdout).

Kubernetes stopped serving v1beta1 CRDs in 1.22; projects that stopped releasing before (SMI's smi-sdk-go) ship only
that form. The rewrite is the mechanical one the v1 API documents, nothing else: the shared validation schema and
printer columns move into every version (JSONPath -> jsonPath), the root schema gets type: object, and the versions
keep their served and storage flags.
Usage: hack/crd-v1beta1-to-v1.py < crd.yaml > crd-v1.yaml
"""
import copy
import sys

import yaml


def convert(crd):
    if crd.get("apiVersion") != "apiextensions.k8s.io/v1beta1" or crd.get("kind") != "CustomResourceDefinition":
        raise SystemExit("not a v1beta1 CustomResourceDefinition: %s %s" % (crd.get("apiVersion"), crd.get("kind")))
    spec = crd["spec"]
    schema = copy.deepcopy((spec.pop("validation", None) or {}).get("openAPIV3Schema") or {})
    schema.setdefault("type", "object")
    columns = [{("jsonPath" if k == "JSONPath" else k): v for k, v in c.items()}
               for c in spec.pop("additionalPrinterColumns", None) or []]
    single = spec.pop("version", None)
    versions = spec.get("versions") or [{"name": single, "served": True, "storage": True}]
    for version in versions:
        version["schema"] = {"openAPIV3Schema": copy.deepcopy(schema)}
        if columns:
            version["additionalPrinterColumns"] = copy.deepcopy(columns)
    spec["versions"] = versions
    crd["apiVersion"] = "apiextensions.k8s.io/v1"
    return crd


docs = [convert(d) for d in yaml.safe_load_all(sys.stdin) if d]
yaml.safe_dump_all(docs, sys.stdout, sort_keys=False)
