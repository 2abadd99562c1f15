"""The floor of bench/run.py: find the policy files under FOLDER... and compose every YAML document with
PyYAML's C composer (nodes with line and column marks), nothing else. codecheck cannot read a policy
set faster than this, so every measurement is reported as a multiple of it."""

import os
import sys

import yaml

count = 0
for folder in sys.argv[1:]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                with open(os.path.join(root, name), "rb") as handle:
                    count += len(list(yaml.compose_all(handle.read(), Loader=yaml.CSafeLoader)))
print(count)
