"""Claims read from the pack's prose: sentences that carry their own arithmetic (auditor.facts.claims.base).

`read_claims(sources)` reads every relation of every sentence, in READER_ORDER; the readers live in
this package's modules, one per relation, and register themselves with @claim_reader when imported
here. Checking a claim, and the message of a claim that does not hold, are the checks' business.
"""
from __future__ import annotations

from auditor.facts.claims import change, difference, direction, parts, percent_of  # noqa: F401 - register the readers
from auditor.facts.claims.base import (CLAIM_READERS, MAX_SENTENCE, READER_ORDER, Claim, DirectionClaim, Source,
                                       prose_sources)
from auditor.facts.prose_numbers import Sentence

__all__ = ["Claim", "DirectionClaim", "Source", "claims_in", "prose_sources", "read_claims"]


def claims_in(source: Source, idx: int) -> list:
    """The claims of the source's sentence idx, every reader's in READER_ORDER."""
    claims: list = []
    for name in READER_ORDER:
        claims += CLAIM_READERS[name](source, idx)
    return claims


def read_claims(sources: list[Source]) -> list[tuple[Source, Sentence, object]]:
    """(source, sentence, claim) for every claim of the sources' sentences, in reading order."""
    out = []
    for source in sources:
        for idx, sentence in enumerate(source.sentences):
            if sentence.end - sentence.start > MAX_SENTENCE:
                continue  # table text flattened into one run, not a sentence
            for claim in claims_in(source, idx):
                out.append((source, sentence, claim))
    return out
