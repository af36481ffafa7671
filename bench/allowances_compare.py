"""The allowance pages with demonstration rates for all 32 councils, against a trivial view.

    uv run python -m bench.allowances_compare [--repeat 100]

Reports p50/p95 per page, the ratio to the trivial view, gzip-compressed bytes, and the number
of SQL queries each page makes (so a query per council would show up here).
"""

import argparse
import gzip
import sys

from bench._common import create_test_database, interleaved, setup_django, summary

PAGES = [
    "/allowances/",
    "/allowances/compare.csv",
    "/allowances/compare.json",
    "/allowances/council/glasgow-city/",
    "/allowances/what-should-i-get/?council=S12000049&arrangement=looked_after"
    "&children=3%2C+10%2F09%2F2015%2C+15",
]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    setup_django()
    teardown = create_test_database()
    try:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from kinship.allowances import demo
        from kinship.web.demo import DemoContext

        demo.generate(DemoContext(quiet=True))
        client = Client()
        fns = {"trivial view": lambda: client.get("/_bench/trivial/")}
        for path in PAGES:
            fns[path] = lambda path=path: client.get(path)
        results = interleaved(fns, args.repeat)
        base = summary(results["trivial view"])
        print(f"{'page':44} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6} {'gzip B':>7} {'SQL':>4}")
        for name, values in results.items():
            s = summary(values)
            size, queries = "", ""
            if name != "trivial view":
                with CaptureQueriesContext(connection) as ctx:
                    body = client.get(name).content
                size, queries = len(gzip.compress(body)), len(ctx.captured_queries)
            print(f"{name[:44]:44} {s['p50']:7.2f} {s['p95']:7.2f} {s['p50'] / base['p50']:6.1f} "
                  f"{size!s:>7} {queries!s:>4}")
    finally:
        teardown()


if __name__ == "__main__":
    main()
