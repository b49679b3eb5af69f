#!/usr/bin/env python3
"""Rebuilds crds/src/test/resources/argo-corpus from a clone of Argo Rollouts.

Usage: hack/import-argo-corpus.py GIT_DIR [COMMIT]

Takes every Rollout, AnalysisTemplate and ClusterAnalysisTemplate document of Argo Rollouts' examples/ and
test/e2e/ trees, changes `apiVersion: argoproj.io/v1alpha1` to `sluice.dev/v1alpha1` and nothing else (the text
of each document is kept byte for byte, comments included), and writes one file per source file. Documents of
other kinds (Services, Ingresses, Experiments...) are left out. Skipped on purpose: Helm templates (not YAML until
rendered), test/e2e/expectedfailures/malformed-* (invalid for Argo Rollouts too) and documents that are not
valid YAML (kubectl cannot apply them either).
"""
import pathlib
import re
import subprocess
import sys

import yaml

KINDS = {"Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate"}
OUT = pathlib.Path(__file__).resolve().parent.parent / "crds/src/test/resources/argo-corpus"


def git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True, text=True).stdout


def skipped(path):
    return "/templates/" in path or re.search(r"expectedfailures/malformed-", path) is not None


def parses(text):
    try:
        list(yaml.safe_load_all(text))
        return True
    except yaml.YAMLError:
        return False


def main():
    git_dir = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
    files = [p for p in git(git_dir, "ls-tree", "-r", "--name-only", commit, "examples", "test/e2e").splitlines()
             if p.endswith((".yaml", ".yml")) and not skipped(p)]
    for old in OUT.glob("*.yaml"):
        old.unlink()
    written = 0
    for path in files:
        text = git(git_dir, "show", f"{commit}:{path}")
        kept = []
        for doc in re.split(r"(?m)^---[ \t]*\n", text):
            kind = re.search(r"(?m)^kind:\s*(\S+)", doc)
            if kind and kind.group(1) in KINDS and re.search(r"(?m)^apiVersion:\s*argoproj\.io/v1alpha1\s*$", doc):
                kept.append(re.sub(r"(?m)^apiVersion:\s*argoproj\.io/v1alpha1\s*$", "apiVersion: sluice.dev/v1alpha1", doc))
        if kept and not parses("".join(kept)):
            print(f"skipped {path}: not valid YAML (kubectl refuses it too)")
        elif kept:
            name = path.replace("/", "__")
            name = name[:-4] + ".yaml" if name.endswith(".yml") else name
            (OUT / name).write_text(f"# origin: {path}\n" + "---\n".join(
                d if d.endswith("\n") else d + "\n" for d in kept))
            written += 1
    print(f"{written} files written to {OUT}")


if __name__ == "__main__":
    main()
