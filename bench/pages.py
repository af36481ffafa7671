"""Our public pages against a trivial Django view on the same stack, measured in one run.

    uv run python -m bench.pages [--repeat 300]

Reports p50/p95 per page and the ratio to the trivial view (what our layout, middleware and
templates cost on top of Django itself), plus the bytes each page sends, gzip-compressed.
"""

import argparse
import gzip
import sys

from bench._common import create_test_database, interleaved, setup_django, summary

PAGES = ["/", "/accessibility/", "/accounts/login/"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    setup_django()
    teardown = create_test_database()
    try:
        from django.test import Client

        client = Client()
        fns = {"trivial view": lambda: client.get("/_bench/trivial/")}
        for path in PAGES:
            fns[path] = lambda path=path: client.get(path)
        results = interleaved(fns, args.repeat)
        base = summary(results["trivial view"])
        print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'p50 ratio':>10} {'gzip bytes':>11}")
        for name, values in results.items():
            s = summary(values)
            size = "" if name == "trivial view" else len(gzip.compress(client.get(name).content))
            print(f"{name:24} {s['p50']:8.2f} {s['p95']:8.2f} {s['p50'] / base['p50']:10.1f} "
                  f"{size!s:>11}")
    finally:
        teardown()


if __name__ == "__main__":
    main()
