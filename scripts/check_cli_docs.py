#!/usr/bin/env python3
"""Check docs/cli.md against the real binary (not run by CI; tests/cli_docs.rs is the CI check).

For every `### `indsats ...`` section of docs/cli.md this script
  * runs the section's example (the ```sh block after "Example"), from the repository root,
    with `indsats` replaced by the built binary (default target/debug/indsats, or $INDSATS);
  * reads the JSON the example writes (stdout, or the file named after "JSON: file");
  * compares the JSON's top-level keys with the top-level rows of the section's key table
    (rows whose key has no "." and no "[]"), and checks every nested documented key path
    occurs in the output too;
  * checks every flag the command's --help lists appears in the section.
Exit 0 when everything matches, 1 otherwise. Usage: python3 scripts/check_cli_docs.py [-v]
"""
import json
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("INDSATS") or os.path.join(ROOT, "target", "debug", "indsats")
if not os.path.exists(BIN):
    # the worktrees share a target dir (see .cargo/config.toml); ask cargo where it is
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                          cwd=ROOT, capture_output=True, text=True)
    BIN = os.path.join(json.loads(meta.stdout)["target_directory"], "debug", "indsats")
VERBOSE = "-v" in sys.argv


def sections(doc):
    parts = re.split(r"^### `indsats ([^`]+)`\s*$", doc, flags=re.M)
    return [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts), 2)]


def paths(v, prefix="", acc=None):
    acc = set() if acc is None else acc
    if isinstance(v, dict):
        for k, x in v.items():
            p = f"{prefix}.{k}" if prefix else k
            acc.add(p)
            paths(x, p, acc)
    elif isinstance(v, list):
        for x in v:
            paths(x, prefix + "[]", acc)
    return acc


def help_flags(cmd):
    words = cmd.split()
    path = ["staircase"] if words[0] == "staircase" else words
    out = subprocess.run([BIN, *path, "--help"], capture_output=True, text=True).stdout
    return set(re.findall(r"^\s{2,6}(?:-\w, )?(--[a-z][\w-]*)", out, flags=re.M))


def main():
    doc = open(os.path.join(ROOT, "docs", "cli.md"), encoding="utf-8").read()
    failures = 0
    secs = sections(doc)
    for cmd, body in secs:
        problems = []
        m = re.search(r"Example \(run from the repository root; JSON: ([^)]*)\):\s*```sh\n(.*?)\n```",
                      body, flags=re.S)
        if not m:
            problems.append("no example")
        else:
            mode, example = m.group(1).strip(), m.group(2).strip()
            args = shlex.split(example.replace("\\\n", " "))
            if args[0] != "indsats":
                problems.append(f"example does not start with indsats: {example}")
            args[0] = BIN
            r = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
            if r.returncode != 0:
                problems.append(f"example exited {r.returncode}: {r.stderr.strip()[:300]}")
            elif mode != "none":
                text = r.stdout if mode == "stdout" else open(mode.removeprefix("file ").strip()).read()
                try:
                    out = json.loads(text)
                except json.JSONDecodeError as e:
                    problems.append(f"output is not one JSON object: {e}")
                    out = None
                if out is not None:
                    documented = re.findall(r"^\| `([^`]+)` \| [^|]+ \| (?:C|ext) \|", body, flags=re.M)
                    top_doc = {k for k in documented if "." not in k and "[]" not in k}
                    top_out = set(out.keys())
                    if top_doc != top_out:
                        problems.append("top-level keys differ: undocumented "
                                        f"{sorted(top_out - top_doc)}, documented but absent "
                                        f"{sorted(top_doc - top_out)}")
                    have = paths(out)
                    nested_missing = [k for k in documented if k not in have]
                    if nested_missing:
                        problems.append(f"documented keys absent from the output: {nested_missing}")
        undocumented = sorted(f for f in help_flags(cmd) if f"`{f}`" not in body)
        if undocumented:
            problems.append(f"flags in --help but not in the section: {undocumented}")
        if problems:
            failures += 1
            print(f"FAIL indsats {cmd}")
            for p in problems:
                print(f"     {p}")
        elif VERBOSE:
            print(f"ok   indsats {cmd}")
    print(f"{len(secs)} sections, {len(secs) - failures} ok, {failures} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
