"""Each table of a pack's Markdown form paired with its table in another form, and their values compared.

    .venv/bin/python bench/table_forms.py [MARKDOWN] [OTHER]   (default: the sample pack's .md and .word.pdf)

A Markdown table is paired with the table of the other form, in the document of the same title, whose
cell values overlap it most (a multiset of normalised cells: figures by value, words folded). The pair is
then compared as DataFrames (auditor.structure.tables.table_to_dataframe), empty rows left out: the same
shape and the same value in every cell, and the same column labels. Figures compare by value ('1,234' = 1234, '(12)' = '-12',
'£5' = 5, '86%' = 86); words compare with quotes, dashes and spaces folded.

Prints one line per Markdown table: equal, labels (values equal, column labels differ), differ (with the
cells that differ), or missing (no table of the other form shares enough of its cells). For a table not
equal, "in the file" is the share of its figures found anywhere in the other form's text layer (for a PDF,
as pdfium extracts it): well under 100 %, and no reader could give the table whole (a Word table printed
past the page's edge keeps only the columns on the page).
"""
from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "packs"
SAMPLE_MD = SHARED / "leics-cfs-scrutiny-2025-01-21.md"
SAMPLE_WORD_PDF = SHARED / "leics-cfs-scrutiny-2025-01-21.word.pdf"

# the least share of a Markdown table's cells a table of the other form must hold to be its pair
MIN_OVERLAP = 0.3

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                       "\u2212": "-", "\u00a0": " "})


def norm_value(value) -> Optional[str]:
    """One cell of a DataFrame as compared: a figure by its value, words folded; None for a blank."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        v = value.normalize()
        return format(v if v != 0 else Decimal(0), "f")
    text = " ".join(unicodedata.normalize("NFKC", str(value)).translate(_FOLD).split())
    return text or None


def norm_label(label: str) -> str:
    text = norm_value(label) or ""
    return "" if text.startswith("col") and text[3:].isdigit() else text


@dataclass
class Frame:
    document: str
    where: str
    labels: list[str]
    rows: list[list[Optional[str]]]
    cells: Counter = field(default_factory=Counter)


def frames_of(pack) -> list[Frame]:
    from auditor.structure.tables import table_to_dataframe

    out = []
    for doc in pack.documents:
        for table in doc.tables:
            df = table_to_dataframe(table)
            rows = [[norm_value(v) for v in rec] for rec in df.itertuples(index=False, name=None)]
            rows = [r for r in rows if any(v is not None for v in r)]  # an empty (spacer) row holds no value
            labels = [norm_label(c) for c in df.columns]
            cells = Counter(v for r in rows for v in r if v is not None)
            cells.update(v for v in labels if v)
            out.append(Frame(doc.title, table.location.describe(), labels, rows, cells))
    return out


def overlap(a: Frame, b: Frame) -> float:
    """The share of a's cells (with repeats) that b holds."""
    total = sum(a.cells.values())
    return sum((a.cells & b.cells).values()) / total if total else 0.0


@dataclass
class Pair:
    md: Frame
    other: Optional[Frame]
    share: float
    verdict: str  # equal | labels | differ | missing
    diffs: list[tuple[int, int, Optional[str], Optional[str]]] = field(default_factory=list)

    def describe(self) -> str:
        head = f"{self.md.document[:40]} | md {self.md.where} {len(self.md.rows)}x{len(self.md.labels)}"
        if self.other is None:
            return f"{head}: missing (best overlap {self.share:.0%})"
        o = self.other
        shape = f"{len(o.rows)}x{len(o.labels)}"
        text = f"{head} ~ {o.where} {shape} ({self.share:.0%}): {self.verdict}"
        if self.verdict == "labels":
            text += f"\n    md labels {self.md.labels}\n    vs        {o.labels}"
        for r, c, x, y in self.diffs[:8]:
            text += f"\n    row {r + 1} col {c + 1}: {x!r} vs {y!r}"
        if len(self.diffs) > 8:
            text += f"\n    ... {len(self.diffs) - 8} more cells"
        return text


def compare(md: Frame, other: Frame) -> tuple[str, list]:
    """(verdict, the cells that differ as (row, column, Markdown's, other's)). Rows are lined up
    first (a row missing or added shifts no others), then the cells of rows not equal compared."""
    diffs = []
    width = max(len(md.labels), len(other.labels))
    a_rows = [tuple(r) + (None,) * (width - len(r)) for r in md.rows]
    b_rows = [tuple(r) + (None,) * (width - len(r)) for r in other.rows]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a_rows, b_rows, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            a_row = a_rows[i1 + k] if i1 + k < i2 else (None,) * width
            b_row = b_rows[j1 + k] if j1 + k < j2 else (None,) * width
            diffs += [(i1 + k, c, x, y) for c, (x, y) in enumerate(zip(a_row, b_row)) if x != y]
    if diffs:
        return "differ", diffs
    if md.labels != other.labels:
        return "labels", []
    return "equal", []


def pair_tables(md_pack, other_pack) -> list[Pair]:
    """Each Markdown table with its best-overlapping table of the same document in the other form
    (each table of the other form taken once, the best overlaps first)."""
    mds, others = frames_of(md_pack), frames_of(other_pack)
    scored = sorted(((overlap(a, b), i, j) for i, a in enumerate(mds) for j, b in enumerate(others)
                     if a.document == b.document), reverse=True)
    chosen: dict[int, tuple[float, int]] = {}
    taken: set[int] = set()
    for share, i, j in scored:
        if share >= MIN_OVERLAP and i not in chosen and j not in taken:
            chosen[i] = (share, j)
            taken.add(j)
    pairs = []
    for i, a in enumerate(mds):
        if i not in chosen:
            best = max((s for s, k, _ in scored if k == i), default=0.0)
            pairs.append(Pair(a, None, best, "missing"))
            continue
        share, j = chosen[i]
        verdict, diffs = compare(a, others[j])
        pairs.append(Pair(a, others[j], share, verdict, diffs))
    return pairs


_FIGURE_RE = re.compile(r"-?\(?£?\d[\d,]*(?:\.\d+)?\)?%?")


def figure_values(text: str) -> Counter:
    """The figures of a text by value, as norm_value gives a Decimal cell."""
    out: Counter = Counter()
    for token in _FIGURE_RE.findall(text.translate(_FOLD)):
        negative = token.startswith("-") or token.startswith("(") and token.endswith(")")
        digits = re.sub(r"[^\d.]", "", token)
        try:
            value = Decimal(digits)
        except InvalidOperation:
            continue
        out[norm_value(-value if negative else value)] += 1
    return out


def text_layer(path: str, pack) -> str:
    if path.lower().endswith(".pdf"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return "\n".join([b.text for _, b in pack.iter_blocks()] +
                      [c.text for d in pack.documents for t in d.tables for row in t.rows for c in row])


def in_file(frame: Frame, figures: Counter) -> Optional[float]:
    """The share of the frame's figures (with repeats) that the text layer holds; None without figures."""
    own = Counter()
    for row in frame.rows:
        for value in row:
            if value is not None and re.fullmatch(r"-?\d+(?:\.\d+)?", value):
                own[value] += 1
    total = sum(own.values())
    return sum((own & figures).values()) / total if total else None


def main(argv: list[str]) -> int:
    from auditor.pipeline import load_pack

    md_path = argv[0] if argv else str(SAMPLE_MD)
    other_path = argv[1] if len(argv) > 1 else str(SAMPLE_WORD_PDF)
    other_pack = load_pack(other_path)
    pairs = pair_tables(load_pack(md_path), other_pack)
    figures = figure_values(text_layer(other_path, other_pack))
    absent = 0
    for p in pairs:
        line = p.describe()
        if p.verdict in ("differ", "missing"):
            share = in_file(p.md, figures)
            if share is not None:
                first, _, rest = line.partition("\n")
                line = f"{first} [in the file: {share:.0%} of its figures]" + (f"\n{rest}" if rest else "")
                absent += share < 0.9
        print(line)
    counts = Counter(p.verdict for p in pairs)
    equal = counts["equal"] + counts["labels"]
    print(f"\n{len(pairs)} Markdown tables: {equal} with equal values ({counts['equal']} with equal labels too), "
          f"{counts['differ']} differ, {counts['missing']} missing; of those, {absent} with under 90 % of their "
          f"figures anywhere in the file's text")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main(sys.argv[1:]))
