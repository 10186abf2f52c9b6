#!/usr/bin/env python3
"""Acceptance check of the cockpit workbook with a real spreadsheet reader.

Opens cockpit.xlsx with openpyxl (cached formula values, as Excel shows them), and
compares every monthly total per measure, each month's total and the totals row of the
sheet "Månedligt forbrug" with pandas sums of the ledger (costs.csv), to the øre.

    cargo run -- economics cockpit --example --out /tmp/cockpit
    python3 scripts/check_cockpit.py /tmp/cockpit/cockpit.xlsx datasets/example/costs.csv

Needs: pip install openpyxl pandas. The measure columns are matched by the ids in
cockpit.json next to the workbook (the headings are the measures' Danish names); the
ledger's measure names are compared as written, so a ledger that books under aliases of
the staircase's ids (the cockpit maps them to the id) needs them renamed first.
Exits 0 when everything matches, 1 otherwise. CI does not run it; tests/cockpit.rs
does the same with calamine.
"""

import json
import sys
from pathlib import Path

import openpyxl
import pandas as pd


def main() -> int:
    xlsx = Path(sys.argv[1] if len(sys.argv) > 1 else "cockpit/cockpit.xlsx")
    costs = Path(sys.argv[2] if len(sys.argv) > 2 else "datasets/example/costs.csv")
    meta = json.loads((xlsx.parent / "cockpit.json").read_text(encoding="utf-8"))
    table = next(s["table"] for s in meta["sheets"] if s["table"]["id"] == "monthly_spending")
    keys = [c["key"] for c in table["columns"]]  # month, measure ids..., total

    ledger = pd.read_csv(costs, dtype={"month": str})
    ledger = ledger[ledger["month"] <= meta["last_month"]]
    by_cell = ledger.groupby(["month", "measure"])["amount"].sum()
    by_month = ledger.groupby("month")["amount"].sum()
    by_measure = ledger.groupby("measure")["amount"].sum()

    wb = openpyxl.load_workbook(xlsx, data_only=True)  # cached values of the formulas
    expected_sheets = ["Månedligt forbrug", "Gennemsnit pr. måned", "Aktive sager",
                       "Tilgang og afgang", "Fordeling", "Omkostningsgrupper",
                       "Aldersgrupper", "Om data"]
    failures = []
    if wb.sheetnames != expected_sheets:
        failures.append(f"sheets {wb.sheetnames} != {expected_sheets}")
    ws = wb["Månedligt forbrug"]
    formulas = openpyxl.load_workbook(xlsx)["Månedligt forbrug"]
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    if header[0] != "Måned" or header[-1] != "I alt":
        failures.append(f"header {header}")
    checked = 0
    for r, row in enumerate(body, start=2):
        month = row[0]
        total_row = month == "I alt"
        for c, key in enumerate(keys[1:], start=1):
            value = row[c]
            if not isinstance(value, (int, float)):
                failures.append(f"row {r} column {key}: {value!r} is not a number")
                continue
            if total_row and key == "total":
                want = ledger["amount"].sum()
            elif total_row:
                want = by_measure.get(key, 0.0)
            elif key == "total":
                want = by_month.get(month, 0.0)
            else:
                want = by_cell.get((month, key), 0.0)
            checked += 1
            if round(value * 100) != round(want * 100):
                failures.append(f"{month} {key}: workbook {value} != ledger {want}")
        f = formulas.cell(row=r, column=len(keys)).value
        if not (isinstance(f, str) and f.startswith("=SUM(")):
            failures.append(f"row {r}: the total is not a SUM formula ({f!r})")
    months = [row[0] for row in body if row[0] != "I alt"]
    if sorted(months) != sorted(by_month.index):
        failures.append("the months differ from the ledger's")
    print(f"openpyxl {openpyxl.__version__}, pandas {pd.__version__}: "
          f"{len(months)} months x {len(keys) - 2} measures, {checked} numbers checked "
          f"against {len(ledger)} ledger rows")
    for f in failures[:20]:
        print("MISMATCH", f)
    print("OK: every monthly total matches the ledger to the øre" if not failures
          else f"FAILED: {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
