"""The facts of one pack, each family built once, on first use, for every check that reads it.

A check kind declares the families it reads (`@register(..., needs=("claims",))`) and reaches them
through `ctx.facts_of(pack)`. The facts know nothing of the checks: they are given the run's options
they depend on as plain values (the meeting date from the command line).

Families (FAMILIES), and the families each is built from (BUILT_FROM):
  dates       every block and table cell with its date mentions (auditor.facts.dates.pack_dates)
  fact_index  figures with their subject and period, from tables and prose (auditor.facts.index)
  sentences   the prose read into sentences and their number mentions (auditor.facts.claims.prose_sources)
  claims      the arithmetic each sentence claims (auditor.facts.claims.read_claims), from the sentences
  references  mentions of appendices, paragraphs, sections... (auditor.facts.references.find_mentions)
  table_views each table's numeric view: labels, figures at their columns' scale (auditor.facts.table_views)
The checks' two-process split (auditor.check_split) places the kinds by these names: kinds that need
the same costly family run in one process, so each family is still built once.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable, Optional

FAMILIES = ("dates", "fact_index", "sentences", "claims", "references", "table_views")
BUILT_FROM = {"claims": ("sentences",)}


def with_sources(needs) -> frozenset[str]:
    """The families named and those they are built from."""
    out: set[str] = set()
    todo = list(needs)
    while todo:
        family = todo.pop()
        if family not in out:
            out.add(family)
            todo.extend(BUILT_FROM.get(family, ()))
    return frozenset(out)


class PackFacts:
    """The facts of `pack`, each family built on first use and kept."""

    def __init__(self, pack, meeting_date: Optional[str] = None):
        self.pack = pack
        self.given_meeting = meeting_date  # --meeting-date (ISO), when the run was given one
        self._built: dict[str, Any] = {}

    def _once(self, family: str, build: Callable[[], Any]) -> Any:
        if family not in self._built:
            self._built[family] = build()
        return self._built[family]

    # ---------------------------------------------------------------- dates

    def meeting_date(self) -> Optional[date]:
        from auditor.facts import dates

        return dates.meeting_date(self.pack, self.given_meeting)

    def document_date(self, doc) -> Optional[date]:
        from auditor.facts import dates

        return dates.document_date(doc, self.pack, self.given_meeting)

    @property
    def dates(self) -> list:
        """Every block and table cell of the pack with its dates (list of facts.dates.DatedText)."""
        from auditor.facts import dates

        return self._once("dates", lambda: dates.pack_dates(self.pack, self.given_meeting))

    # ---------------------------------------------------------------- figures

    @property
    def fact_index(self):
        """The pack's fact index (facts.index.FactIndex)."""
        from auditor.facts.index import build_fact_index

        return self._once("fact_index", lambda: build_fact_index(self.pack))

    # ---------------------------------------------------------------- prose

    @property
    def sentences(self) -> list:
        """The pack's prose (and wordy table cells) read into sentences (list of facts.claims.Source)."""
        from auditor.facts.claims import prose_sources

        return self._once("sentences", lambda: prose_sources(self.pack))

    @property
    def claims(self) -> list:
        """(source, sentence, claim) for every arithmetic claim of the prose (facts.claims.read_claims)."""
        from auditor.facts.claims import read_claims

        return self._once("claims", lambda: read_claims(self.sentences))

    # ---------------------------------------------------------------- references

    @property
    def references(self) -> list:
        """Mentions of appendices, paragraphs, sections... (list of facts.references.Mention)."""
        from auditor.facts.references import find_mentions

        return self._once("references", lambda: find_mentions(self.pack))

    # ---------------------------------------------------------------- tables

    def table_view(self, block):
        """The numeric view of a table block (facts.table_views.TableView), or None for a table with no
        figures worth checking; built once per table."""
        from auditor.facts.table_views import build_view

        views = self._once("table_views", dict)
        if id(block) not in views:
            views[id(block)] = build_view(block.table)
        return views[id(block)]
