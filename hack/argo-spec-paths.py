#!/usr/bin/env python3
"""Writes crds/src/test/resources/argo-spec-paths.txt: Argo Rollouts' Rollout and AnalysisTemplate spec paths.

Usage: hack/argo-spec-paths.py GIT_DIR [COMMIT]

Reads manifests/crds/rollout-crd.yaml and manifests/crds/analysis-template-crd.yaml of a clone of Argo Rollouts and
lists every property path of their openAPIV3Schema under spec, down to four names below spec ("[]" marks a list's
items and is not a name). The Rollout's pod template (spec.template) is left out: it is Kubernetes' PodTemplateSpec,
the same in both. Only the path names are written, one a line; ArgoFieldCoverageTest looks each up in Sluice's CRDs.
"""
import pathlib
import subprocess
import sys

import yaml

OUT = pathlib.Path(__file__).resolve().parent.parent / "crds/src/test/resources/argo-spec-paths.txt"
CRDS = {"Rollout": "manifests/crds/rollout-crd.yaml", "AnalysisTemplate": "manifests/crds/analysis-template-crd.yaml"}
DEPTH = 4
EXCLUDED = {"spec.template"}


def walk(schema, path, depth, out):
    while schema.get("type") == "array" and "items" in schema:
        schema = schema["items"]
        path += "[]"
    for name, child in sorted((schema.get("properties") or {}).items()):
        child_path = f"{path}.{name}"
        if child_path in EXCLUDED:
            continue
        out.append(child_path)
        if depth + 1 < DEPTH:
            walk(child, child_path, depth + 1, out)


def main():
    git_dir = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
    sha = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", commit], check=True, capture_output=True,
                         text=True).stdout.strip()
    lines = [
        "# Argo Rollouts' Rollout and AnalysisTemplate spec paths, to depth 4 below spec, pod template excluded.",
        f"# Derived by hack/argo-spec-paths.py from argoproj/argo-rollouts {sha}:",
        f"# {', '.join(CRDS.values())} (property names of openAPIV3Schema.properties.spec; [] marks list items).",
        "# Read by ArgoFieldCoverageTest. Format: KIND PATH",
    ]
    for kind, file in CRDS.items():
        text = subprocess.run(["git", "--git-dir", git_dir, "show", f"{sha}:{file}"], check=True,
                              capture_output=True, text=True).stdout
        crd = yaml.safe_load(text)
        version = next(v for v in crd["spec"]["versions"] if v.get("storage", True))
        spec = version["schema"]["openAPIV3Schema"]["properties"]["spec"]
        paths = []
        walk(spec, "spec", 0, paths)
        lines += [f"{kind} {p}" for p in paths]
    OUT.write_text("\n".join(lines) + "\n")
    print(f"{len(lines) - 4} paths written to {OUT}")


if __name__ == "__main__":
    main()
