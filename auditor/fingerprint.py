"""A finding's fingerprint: what an officer would recognise as "the same slip".

Built from the rule, the document title, the excerpt and the expected/found values, all normalised
so that reflowed text, moved pages and changed line numbers do not matter; changing the offending
figure changes the fingerprint. Baselines and waivers match findings by it, and the SARIF and GitLab
reports carry it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Optional

from auditor.model import Finding


def normalise(text: Optional[str]) -> str:
    """Lower case letters and digits only: immune to reflow, hyphenation, quotes and ellipses."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = re.sub(r"-\s*\n\s*", "", text)  # a word hyphenated at a line end
    return re.sub(r"[\W_]+", "", text)


def fingerprint(finding: Finding) -> str:
    parts = [finding.rule, normalise(finding.document), normalise(finding.excerpt),
             normalise(finding.expected), normalise(finding.found)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
