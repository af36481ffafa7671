"""Run every benchmark module in this folder that defines main()."""

import importlib
import pkgutil
import sys
from pathlib import Path


def run_all(selected: list[str]) -> None:
    here = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda i: i.name):
        if info.name.startswith("_") or (selected and info.name not in selected):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if hasattr(module, "main"):
            print(f"\n=== bench.{info.name} ===", flush=True)
            module.main([])


if __name__ == "__main__":
    run_all(sys.argv[1:])
