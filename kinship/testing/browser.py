"""Playwright driving Debian's Chromium, and axe-core for accessibility checks."""

import json
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=MediaRouter,OptimizationHints,Translate",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class AxeViolations(AssertionError):
    pass


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (evaluated through DevTools, so the page's CSP is untouched)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return result["violations"]


def assert_accessible(page) -> None:
    """Fail with a readable list if axe finds any violation on the current page."""
    violations = axe_violations(page)
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:5]:
                lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary'][:200]}")
        raise AxeViolations("\n".join(lines))
