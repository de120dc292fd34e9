"""The pack model: what every ingester produces and every later stage reads.

Data flows one way: ingest -> structure -> facts -> checks -> report.
Each block keeps its provenance (source file, 1-based line for text formats,
1-based page for PDF, 1-based paragraph/table index for Word) so that any
finding can point back at it.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from auditor.numbers import Figure


@dataclass(frozen=True)
class Location:
    source: str
    line: Optional[int] = None
    page: Optional[int] = None
    paragraph: Optional[int] = None  # Word: 1-based index of the body element (for tools, never shown)
    bbox: Optional[tuple[float, float, float, float]] = None  # PDF: x0, top, x1, bottom
    # Word: the place as a reader finds it in the document ('paragraph 27 under “Proposed Revenue
    # Budget”'), never the body index, which Word does not show
    place: Optional[str] = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"line": self.line, "page": self.page}
        if self.paragraph is not None:
            data["paragraph"] = self.paragraph
        if self.place:
            data["place"] = self.place
        return data

    def describe(self) -> str:
        if self.line is not None:
            return f"line {self.line}"
        if self.page is not None:
            return f"page {self.page}"
        if self.place:
            return self.place
        if self.paragraph is not None:
            return f"paragraph {self.paragraph}"
        return "?"


@dataclass
class Cell:
    text: str
    location: Location
    bold: bool = False
    figure: Optional["Figure"] = None  # the parsed number, if the cell holds one


# the end of the message of a finding on a cell of a doubtful table (Table.doubtful)
DOUBTFUL_TABLE_NOTE = " (the table's columns were worked out from the layout of the page: check the row before acting)"


@dataclass
class Table:
    """A table as rows of cells, with provenance and extraction confidence.

    confidence is one of:
      "grid"     - a clean ruled grid / pipe table / Word table;
      "aligned"  - columns guessed from text alignment;
      "repaired" - rebuilt from a damaged or irregular source (ragged rows, joins);
      "flowed"   - columns counted from the right in text whose cells were run together;
      "stacked"  - one cell a paragraph, read back into rows where each label has as many figures;
      "unreadable" - rows seen but not read into columns (`unreadable` says why): no figures.
    """

    rows: list[list[Cell]]
    location: Location
    header_rows: int = 1
    confidence: str = "grid"
    parts: list[Location] = field(default_factory=list)  # where each joined part came from
    caption: str = ""  # nearest heading/paragraph above, for messages
    unreadable: str = ""  # why the rows could not be read into columns (confidence 'unreadable')
    cut_off: bool = False  # runs past the page's right edge (printed wider than the page): columns may be lost

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def doubtful(self) -> bool:
        """Its columns were worked out, not read from ruling: a finding on it ends with DOUBTFUL_TABLE_NOTE."""
        return self.confidence != "grid"

    @property
    def header(self) -> list[str]:
        """One label per column, header rows joined with a space."""
        labels = [""] * self.n_cols
        for row in self.rows[: self.header_rows]:
            for i, cell in enumerate(row):
                if cell.text.strip():
                    labels[i] = (labels[i] + " " + cell.text.strip()).strip()
        return labels

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows[self.header_rows:]


def _anchor_start(anchor: tuple[int, "Location"]) -> int:
    return anchor[0]


@dataclass
class Block:
    """One unit of content: heading, paragraph, list_item, table or separator."""

    kind: str
    text: str
    location: Location
    level: int = 0  # heading level or list depth
    number: Optional[str] = None  # "27" for numbered paragraph "27. ...", "a" for "a) ..."
    bold: bool = False  # the whole block is bold
    table: Optional[Table] = None
    # (offset in text, location) pairs for blocks spanning several source lines/pages
    anchors: list[tuple[int, Location]] = field(default_factory=list)
    raw: str = ""  # the source markup, where the format has one
    links: list[tuple[str, str]] = field(default_factory=list)  # (link text, target)

    def location_at(self, offset: int) -> Location:
        """The location of the character at `offset` of this block's text: the last anchor at or before
        it (anchors are in text order; found by bisection, as a block may hold thousands of lines)."""
        i = bisect_right(self.anchors, offset, key=_anchor_start)
        return self.anchors[i - 1][1] if i else self.location


# The meeting dates accepted, from a flag, a file or a pack: date arithmetic near year 1 or 9999 overflows.
MEETING_YEARS = range(1900, 3000)


@dataclass
class Meeting:
    committee: Optional[str] = None
    date: Optional[str] = None  # ISO YYYY-MM-DD
    time: Optional[str] = None  # HH:MM
    venue: Optional[str] = None
    location: Optional[Location] = None
    # field name -> (cue, Location): "field", "to-line", "minutes heading" or "heading"
    sources: dict[str, tuple[str, Optional[Location]]] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.date or self.committee)

    def cue(self, name: str) -> Optional[str]:
        return self.sources[name][0] if name in self.sources else None

    def to_json(self) -> dict[str, Any]:
        return {"committee": self.committee, "date": self.date, "time": self.time, "venue": self.venue,
                "sources": {k: cue for k, (cue, _) in self.sources.items()}}


DOCUMENT_KINDS = ("agenda", "minutes", "report", "appendix", "other")


@dataclass
class Document:
    title: str
    kind: str  # one of DOCUMENT_KINDS
    start: Location
    blocks: list[Block] = field(default_factory=list)
    report_of: Optional[str] = None
    meeting_for: Optional[str] = None  # the meeting heading of a report
    letter: Optional[str] = None  # appendix letter
    parent: Optional[str] = None  # title of the report an appendix belongs to
    # an appended document's own appendices (letter -> title), which it lists or heads itself:
    # a consultant's study attached as Appendix A with its own Appendices C-J
    own_appendices: dict[str, str] = field(default_factory=dict)
    item: Optional[str] = None  # the agenda item whose paper this is, as the agenda codes it ("4ai", "7")
    date: Optional[str] = None  # ISO: the document's own date where it states one (a minutes' meeting,
    # a report's "Date of meeting" field); None when it states none
    date_source: Optional[tuple[str, Location]] = None  # (cue, where): "minutes heading", "'Date:' field"...

    @property
    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.table is not None]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "kind": self.kind, "start": self.start.to_json()}
        if self.report_of:
            data["report_of"] = self.report_of
        if self.letter:
            data["letter"] = self.letter
        if self.parent:
            data["parent"] = self.parent
        if self.own_appendices:
            data["own_appendices"] = dict(self.own_appendices)
        if self.item:
            data["item"] = self.item
        if self.date:
            data["date"] = self.date
            data["date_from"] = self.date_source[0] if self.date_source else None
        return data


@dataclass
class RawPack:
    """What an ingester returns: blocks in reading order, before segmentation."""

    source: str
    format: str  # markdown | text | pdf | docx
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)
    pages: int = 0


@dataclass
class Pack:
    source: str
    format: str
    meeting: Meeting
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)
    pages: int = 0

    @property
    def blocks(self) -> list[Block]:
        return [b for d in self.documents for b in d.blocks]

    def iter_blocks(self):
        """(document, block) pairs in reading order."""
        for doc in self.documents:
            for block in doc.blocks:
                yield doc, block

    def tables(self):
        """(document, block, table) triples in reading order."""
        for doc in self.documents:
            for block in doc.blocks:
                if block.table is not None:
                    yield doc, block, block.table


@dataclass
class Related:
    document: str
    location: Location
    excerpt: str

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "location": self.location.to_json(), "excerpt": self.excerpt}


SEVERITIES = ("error", "warning", "info")  # a finding's severity, most severe first
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Finding:
    rule: str
    severity: str  # error | warning | info
    message: str
    document: str
    location: Location
    excerpt: str = ""
    expected: Optional[str] = None
    found: Optional[str] = None
    related: list[Related] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # rule-specific detail (kept in JSON)
    # the findings of other rules that saw the same slip, merged into this one after all checks ran
    # (auditor.report.merge); each keeps its own rule, severity, place and message
    also: list["Finding"] = field(default_factory=list)
    own_severity: Optional[str] = field(default=None, repr=False)  # its rule's, when a merged finding of
    # higher severity raised it


    @property
    def rules(self) -> list[str]:
        """This finding's rule, then the rules of the findings merged into it."""
        return [self.rule] + [f.rule for f in self.also if f.rule != self.rule]

    def members(self) -> list["Finding"]:
        """This finding as its rule reported it, then each finding merged into it."""
        if not self.also:
            return [self]
        from dataclasses import replace

        own = replace(self, also=[], severity=self.own_severity or self.severity, own_severity=None)
        return [own] + list(self.also)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "rules": self.rules,
            "severity": self.severity,
            "message": self.message,
            "document": self.document,
            "location": self.location.to_json(),
            "excerpt": self.excerpt,
            "expected": self.expected,
            "found": self.found,
            "related": [r.to_json() for r in self.related],
        }
        if self.extra:
            data["detail"] = self.extra
        if self.also:
            data["also"] = [f.to_json() for f in self.also]
        if self.own_severity:  # raised to the severity of another rule's finding on the same slip
            data["rule_severity"] = self.own_severity
        return data
