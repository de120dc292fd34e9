"""The vocabulary, as data: rules/vocab/*.yaml (shipped) and the folders named by AUDITOR_VOCAB.

One loader, so that every module reads the same number words and month names: lists that drift
apart ("twelve-week" read, "fifteen-week" not) are how a check learns one pack instead of English.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from auditor.errors import RuleFileError
from auditor.resources import shipped_rules_dir

# the words a total row's label opens or ends with ('Sub-total', 'Children's Services Total')
TOTAL_WORDS_PATTERN = r"(?:sub[- ]?total|grand total|overall total|net total|total)s?"
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def vocab_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("AUDITOR_VOCAB", "").split(os.pathsep) if p]
    return [shipped_rules_dir() / "vocab", *extra]


def _read(path: Path) -> dict:
    """A vocabulary file, read with the same bounds as a user's rule file (size, depth, aliases)."""
    from auditor.safe_yaml import read_user_yaml

    data = read_user_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: a vocabulary file is a mapping of lists and tables, not {type(data).__name__}")
    for key, example in (("number_words", "dozen: 12"), ("ordinal_words", "thirteenth: 13")):
        words = data.get(key, {})
        if not isinstance(words, dict):
            raise RuleFileError(f"{path}: field '{key}' must be a mapping of words to numbers, e.g. '{example}'")
        for word, value in words.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise RuleFileError(f"{path}: field '{key}' word '{word}' must be a whole number (0 or more), "
                                    f"not {value!r}")
    return data


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """Every vocabulary file merged: mappings updated, lists extended."""
    merged: dict = {}
    for folder in vocab_dirs():
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            data = _read(path)
            for key, value in data.items():
                if isinstance(value, dict):
                    merged.setdefault(key, {}).update(value)
                elif isinstance(value, list):
                    merged.setdefault(key, []).extend(v for v in value if v not in merged.get(key, []))
    return merged


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    """'one' -> 1 ... 'ninety-nine' -> 99: the words, and every tens-units compound of them."""
    words = {str(k).lower(): int(v) for k, v in lexicon().get("number_words", {}).items()}
    units = {w: n for w, n in words.items() if 1 <= n <= 9}
    for ten in TENS:
        if ten in words:
            for unit, n in units.items():
                words[f"{ten}-{unit}"] = words[f"{ten} {unit}"] = words[ten] + n
    return words


@lru_cache(maxsize=1)
def ordinal_words() -> dict[str, int]:
    """'first' -> 1 ... 'twelfth' -> 12 (rules/vocab: ordinal_words)."""
    return {str(k).lower(): int(v) for k, v in lexicon().get("ordinal_words", {}).items()}


def ordinal_word_pattern(up_to: int = 99) -> str:
    """A regex matching the ordinal words up to `up_to` ('first' ... ), longest first."""
    return alternation_pattern(w for w, n in ordinal_words().items() if 1 <= n <= up_to)


def number_word_pattern(up_to: int = 99) -> str:
    """A regex matching the number words up to `up_to`, longest first ('twenty-one' before 'twenty');
    a space or a hyphen between the parts of a compound is either."""
    words = {w.replace("-", " ") for w, n in number_words().items() if 1 <= n <= up_to}
    return alternation_pattern(words, separator="[- ]")


def alternation_pattern(words, separator: str = "") -> str:
    """A regex for any of `words`, built as a trie: 'seventy(?: (?:one|two...))?' rather than 173
    alternatives side by side. A flat alternation is tried word by word at every position of the
    text; the trie decides on the first letters. Longer words are preferred, as in a longest-first
    alternation (an optional tail is greedy). With `separator`, a space in a word matches it."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a word
    return _trie_regex(trie, separator)


def _trie_regex(node: dict, separator: str) -> str:
    ends_here = "" in node
    branches = [(separator if separator and char == " " else re.escape(char)) + _trie_regex(child, separator)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?"
    return body


@lru_cache(maxsize=1)
def month_names() -> tuple[str, ...]:
    return tuple(str(m).lower() for m in lexicon().get("months", []))


def weekday_names() -> tuple[str, ...]:
    return tuple(str(d).lower() for d in lexicon().get("weekdays", []))


def weekday_pattern() -> str:
    """A regular expression (no groups; match it ignoring case) for the name of a day of the week."""
    return word_list_pattern("weekdays")


def month_abbreviations() -> tuple[str, ...]:
    """'jan' ... 'dec': the first three letters of each month name, in calendar order."""
    return tuple(m[:3] for m in month_names())


# letters that Python's case-insensitive matching takes for ASCII ones ('ſept' matches 'Sep')
FOLDS_TO_ASCII = str.maketrans({"\u017f": "s", "\u212a": "K", "\u0130": "I", "\u0131": "i"})
_FOLDING_RE = re.compile("[\u017f\u212a\u0130\u0131]")


def fold_to_ascii(text: str) -> str:
    """text with those letters read as the ASCII ones, one character for one (offsets hold).
    str.translate walks every character in Python: it is run only on a text holding one of them."""
    if text.isascii() or not _FOLDING_RE.search(text):
        return text
    return text.translate(FOLDS_TO_ASCII)


def has_any_word(text: str, words) -> bool:
    """Whether any of `words` (lower case, plain letters) is in text, as a case-insensitive regex of
    them would find it: lowering and looking for each is several times faster than the regex."""
    return holds_any(fold_to_ascii(text).lower(), words)


def holds_any(lowered: str, words) -> bool:
    """Whether any of `words` is in the (already lowered) text."""
    for word in words:  # a plain loop: any() over a generator costs more than the search
        if word in lowered:
            return True
    return False


def words(key: str) -> tuple[str, ...]:
    """The vocabulary list `key`, each entry as text ('no' stays 'no')."""
    return tuple(str(w) for w in lexicon().get(key, []))


@lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    """Abbreviations and the words they stand for ('cla' -> 'children looked after'), lower case."""
    return {str(k).lower(): str(v).lower() for k, v in lexicon().get("glossary", {}).items()}


def word_list_pattern(key: str) -> str:
    """A regex for any word of the vocabulary list `key` (case as written), longest first."""
    return alternation_pattern(str(w) for w in lexicon().get(key, []))
