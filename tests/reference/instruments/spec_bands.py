"""Copies SPEC.md §1.8a (UK 3-band) and §1.8b (UK 4-band) into sdq_bands.csv.

Run from this folder:  python3 spec_bands.py /path/to/shared/reference/instruments/SPEC.md
(Python 3.11, standard library only.) The labels are the SPEC's band order: N/B/A for the
3-band, CA/SR/H/VH (prosocial CA/SL/L/VL) for the 4-band.
"""
import re
import sys

spec = open(sys.argv[1], encoding="utf-8").read()
SCALES = {"Total": "total_difficulties", "Emotional": "emotional", "Conduct": "conduct",
          "Hyperactivity": "hyperactivity", "Peer": "peer", "Prosocial": "prosocial",
          "Impact": "impact"}
LABELS = {
    "uk3": ["normal", "borderline", "abnormal"],
    "uk4": ["close_to_average", "slightly_raised", "high", "very_high"],
    "uk4-prosocial": ["close_to_average", "slightly_lowered", "low", "very_low"],
}
FORMS = ["P4-17", "T4-17", "S11-17"]


def section(start, end):
    i = spec.index(start)
    return spec[i:spec.index(end, i)]


rows = ["system,version,scale,band,min,max"]
for system, text in [("uk3", section("#### 1.8a", "#### 1.8b")),
                     ("uk4", section("#### 1.8b", "#### 1.8c"))]:
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        key = cells[0].split(" (")[0]
        if not line.startswith("| ") or key not in SCALES:
            continue
        scale = SCALES[key]
        labels = LABELS["uk4-prosocial" if system == "uk4" and scale == "prosocial" else system]
        for form, cell in zip(FORMS, cells[1:]):
            for label, part in zip(labels, cell.split("/")):
                m = re.fullmatch(r"(\d+)(?:–(\d+))?", part.strip())
                lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
                rows.append(f"{system},{form},{scale},{label},{lo},{hi}")
open("sdq_bands.csv", "w", encoding="utf-8").write("\n".join(rows) + "\n")
print(len(rows) - 1, "bands")
