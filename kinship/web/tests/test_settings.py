"""Every setting the code reads is declared in settings/base.py (with a comment), and
production refuses to start without an https SITE_URL for the links in emails."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from kinship.settings import base

KINSHIP_DIR = Path(base.BASE_DIR) / "kinship"
TOP_LEVEL = [
    re.compile(r"\bsettings\.([A-Z][A-Z0-9_]+)"),
    re.compile(r"getattr\(\s*settings\s*,\s*[\"']([A-Z][A-Z0-9_]+)"),
]
# Keys of the product's own KINSHIP dict: KINSHIP["X"], KINSHIP.get("X"),
# getattr(settings, "KINSHIP", {}).get("X") and the referrals helper _setting("X", ...).
PRODUCT = [
    re.compile(r"KINSHIP\b[^\n]*?(?:\[|\.get\()\s*[\"']([A-Z][A-Z0-9_]+)[\"']"),
    re.compile(r"\b_setting\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"),
]


def _sources():
    for path in sorted(KINSHIP_DIR.rglob("*.py")):
        parts = set(path.relative_to(KINSHIP_DIR).parts)
        if parts & {"tests", "migrations", "settings"}:
            continue
        yield path, path.read_text(encoding="utf-8")


def _reads(patterns):
    found = {}
    for path, text in _sources():
        for pattern in patterns:
            for name in pattern.findall(text):
                found.setdefault(name, str(path.relative_to(KINSHIP_DIR)))
    return found


def test_every_setting_read_is_declared_in_base():
    top = _reads(TOP_LEVEL)
    assert {"AUTH_USER_MODEL", "KINSHIP"} <= set(top)  # the scan finds what it should
    missing = {name: where for name, where in top.items() if not hasattr(base, name)}
    assert not missing, f"read but not declared in settings/base.py: {missing}"


def test_every_product_setting_read_is_declared_in_base():
    product = _reads(PRODUCT)
    assert {"SITE_URL", "REFERRAL_ACK_DAYS", "SERVICE_NAME"} <= set(product)
    missing = {name: where for name, where in product.items() if name not in base.KINSHIP}
    assert not missing, f"read but not declared in settings/base.py KINSHIP: {missing}"


def test_every_product_setting_has_a_comment():
    source = (Path(base.__file__)).read_text(encoding="utf-8")
    block = source[source.index("KINSHIP = {") :]
    block = block[: block.index("\n}")]
    lines = block.splitlines()
    for name in base.KINSHIP:
        at = next(i for i, line in enumerate(lines) if f'"{name}"' in line)
        assert any(line.strip().startswith("#") for line in lines[max(0, at - 3) : at]), name


def _check_production(site_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kinship.settings.production",
        "SECRET_KEY": "x" * 30 + "-prod-key-for-checks-" + "y" * 30,
        "ALLOWED_HOSTS": "kinship.example",
        "SITE_URL": site_url,
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_requires_an_https_site_url():
    for bad in ["", "http://kinship.example"]:
        result = _check_production(bad)
        assert result.returncode != 0
        assert "SITE_URL" in result.stderr
    assert _check_production("https://kinship.example").returncode == 0
