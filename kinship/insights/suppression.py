"""Primary and secondary cell suppression of frequency tables, by τ-ARGUS.

We hand the table to τ-ARGUS (the `pytauargus` package: Statistics Netherlands' engine with the
open-source HiGHS solver) as *tabular input*: one line per inner cell with its count as both
response and frequency. τ-ARGUS applies the frequency rule `FREQ(threshold, safety range)`
(primary suppression of cells with 1 to threshold-1 contributors) and then the optimal
secondary suppression `OPT`, which solves for the least-cost set of further cells so that
every primary cell keeps at least its safety range of uncertainty given the published row and
column totals. This module is pure (no Django): counts in, a status per cell out.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

SAFE = "safe"
PRIMARY = "primary"
SECONDARY = "secondary"
TOTAL = "Total"

# τ-ARGUS' status letters in its "SO+" output: safe, protected, empty, unsafe, secondary.
_STATUS = {"S": SAFE, "P": SAFE, "E": SAFE, "U": PRIMARY, "M": SECONDARY}

# The engine's documentation does not promise that concurrent runs in one process are safe.
_ENGINE_LOCK = threading.Lock()
ENGINE_TIMEOUT_SECONDS = 120


def _run_engine(work: Path) -> None:
    """Run τ-ARGUS on the batch in `work`, in its own process and working directory: the
    native solvers write log files to the current directory, and a crash in them must not take
    the worker down."""
    result = subprocess.run(  # noqa: S603 (our own interpreter, a path we made)
        [
            sys.executable,
            "-c",
            "import sys; from pytauargus.engine import run_batch; run_batch(sys.argv[1])",
            str(work / "t.arb"),
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=ENGINE_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        raise SuppressionError((result.stderr or "τ-ARGUS failed").strip()[-300:])


class SuppressionError(Exception):
    """τ-ARGUS could not protect the table (bad input or no feasible pattern)."""


@dataclass(frozen=True)
class Suppression:
    """Which cells to withhold. Keys are (row, column); totals use TOTAL for the margin."""

    status: dict[tuple[str, str], str]

    def withheld(self) -> set[tuple[str, str]]:
        return {key for key, status in self.status.items() if status != SAFE}


def margins(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """The table with its row, column and grand totals added."""
    full = dict(counts)
    for (row, col), value in counts.items():
        full[(row, TOTAL)] = full.get((row, TOTAL), 0) + value
        full[(TOTAL, col)] = full.get((TOTAL, col), 0) + value
        full[(TOTAL, TOTAL)] = full.get((TOTAL, TOTAL), 0) + value
    return full


def suppress(
    counts: dict[tuple[str, str], int], *, threshold: int, safety_range: int = 30
) -> Suppression:
    """Primary (1 to threshold-1) and secondary suppression of a two-way frequency table.

    `counts` holds every inner cell (zeros included); totals are computed here. The answer
    has a status for every inner and margin cell.
    """
    if threshold < 2:
        raise ValueError("threshold must be at least 2")
    if not 1 <= safety_range <= 100:
        raise ValueError("safety_range is a percentage between 1 and 100")
    if any(value < 0 for value in counts.values()):
        raise ValueError("counts cannot be negative")
    full = margins(counts)
    if not any(0 < value < threshold for value in counts.values()):
        return Suppression({key: SAFE for key in full})
    rows = sorted({row for row, _ in counts})
    cols = sorted({col for _, col in counts})
    # Codes are our own short tokens so no label can break τ-ARGUS' file formats.
    row_code = {row: f"r{i}" for i, row in enumerate(rows)}
    col_code = {col: f"c{i}" for i, col in enumerate(cols)}
    decode_row = {code: row for row, code in row_code.items()} | {TOTAL: TOTAL}
    decode_col = {code: col for col, code in col_code.items()} | {TOTAL: TOTAL}

    with _ENGINE_LOCK, tempfile.TemporaryDirectory(prefix="kh-sdc-") as tmp:
        work = Path(tmp)
        (work / "t.rda").write_text(
            '<SEPARATOR> ";"\n'
            'row "" ""\n  <RECODEABLE>\n  <TOTCODE> "Total"\n'
            'col "" ""\n  <RECODEABLE>\n  <TOTCODE> "Total"\n'
            'n "" ""\n  <NUMERIC>\n  <DECIMALS> 0\n'
            'f "" ""\n  <FREQUENCY>\n'
        )
        (work / "t.tab").write_text(
            "".join(
                f"{row_code[row]};{col_code[col]};{value};{value}\n"
                for (row, col), value in sorted(counts.items())
            )
        )
        (work / "t.arb").write_text(
            f'<OPENTABLEDATA> "{work / "t.tab"}"\n'
            f'<OPENMETADATA> "{work / "t.rda"}"\n'
            '<SPECIFYTABLE> "row""col"|"n"||\n'
            f"<SAFETYRULE> FREQ({threshold},{safety_range})\n"
            "<READTABLE> 1\n"
            "<SUPPRESS> OPT(1)\n"
            f'<WRITETABLE> (1,5,"SO+","{work / "out.tab"}")\n'
        )
        try:
            _run_engine(work)
            lines = (work / "out.tab").read_text().splitlines()
        except (OSError, subprocess.SubprocessError) as exc:
            raise SuppressionError(str(exc)) from exc

    status: dict[tuple[str, str], str] = {}
    for line in lines:
        # τ-ARGUS pads codes of unequal length with leading spaces.
        fields = [field.strip().strip('"').strip() for field in line.split(";")]
        key = (decode_row[fields[0]], decode_col[fields[1]])
        letter = fields[5]
        if letter not in _STATUS:
            raise SuppressionError(f"unexpected cell status {letter!r}")
        status[key] = _STATUS[letter]
    for key in full:
        status.setdefault(key, SAFE)  # τ-ARGUS leaves out empty cells it never saw
    return Suppression(status)
