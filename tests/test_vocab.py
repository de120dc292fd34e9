"""One vocabulary for every module, extendable by a user."""
import pytest
from conftest import pack_from_markdown, run_rules

from auditor import vocab
from auditor.numbers import word_to_int


def test_number_words_come_from_one_lexicon():
    assert word_to_int("fifteen") == 15 and word_to_int("twenty-one") == 21 and word_to_int("twenty one") == 21
    assert word_to_int("umpteen") is None


def test_a_duration_in_any_number_word_is_checked():
    # the duration check's list of number words once stopped at fourteen
    text = "# Consultation\n\n1. A {n}-week consultation will run from 3 March 2025 until {end}.\n"
    for n, end in (("twelve", "25 May 2025"), ("fifteen", "15 June 2025")):
        assert run_rules(pack_from_markdown(text.format(n=n, end=end)), ["date-order"]) == []
        slip = run_rules(pack_from_markdown(text.format(n=n, end="30 March 2025")), ["date-order"])
        assert [f.rule for f in slip] == ["date-order"]


_CACHED = (vocab.lexicon, vocab.number_words, vocab.glossary)


@pytest.fixture
def user_vocab(tmp_path, monkeypatch):
    """Write a user's vocabulary file (YAML text) and read the lexicon with it; the shipped one after."""
    def write(text: str) -> None:
        (tmp_path / "extra.yaml").write_text(text, encoding="utf-8")
        monkeypatch.setenv("AUDITOR_VOCAB", str(tmp_path))
        for cached in _CACHED:
            cached.cache_clear()

    yield write
    monkeypatch.delenv("AUDITOR_VOCAB", raising=False)
    for cached in _CACHED:
        cached.cache_clear()


def test_a_user_extends_the_vocabulary(user_vocab):
    user_vocab("number_words:\n  dozen: 12\n")
    assert word_to_int("dozen") == 12 and word_to_int("nine") == 9


def test_a_malformed_user_vocabulary_is_one_clear_error(tmp_path, monkeypatch):
    import pytest

    from auditor.errors import RuleFileError

    (tmp_path / "bad.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_VOCAB", str(tmp_path))
    vocab.lexicon.cache_clear()
    try:
        with pytest.raises(RuleFileError, match="bad.yaml: a vocabulary file is a mapping"):
            vocab.lexicon()
    finally:
        monkeypatch.delenv("AUDITOR_VOCAB")
        vocab.lexicon.cache_clear()


def test_the_fact_index_words_come_from_the_lexicon():
    """The glossary, the subject stopwords and the cohorts are data (rules/vocab/en_gb.yaml), YAML's
    bare 'no' and 'on' read as the words they are."""
    from auditor.checks.fact_conflict import COHORTS
    from auditor.facts.index import GLOSSARY, STOPWORDS, tokens

    assert GLOSSARY == vocab.glossary() and GLOSSARY["no"] == "number" and GLOSSARY["cla"] == "children looked after"
    assert {"no", "on", "off", "the"} <= STOPWORDS
    assert ("free", "school", "meal") in COHORTS
    assert tokens("CLA with no EHCP") == ["children", "looked", "education", "health", "care", "plan"]


def test_a_user_adds_an_abbreviation(user_vocab):
    user_vocab('glossary:\n  "hts": home to school transport\n')
    assert vocab.glossary()["hts"] == "home to school transport" and vocab.glossary()["cla"] == "children looked after"


def test_weekday_names_come_from_one_lexicon():
    """Dates ('Tuesday, 4 March 2025'), the meeting's front sheet and the figure-naming words all read the one list."""
    import re

    from auditor.facts.dates import find_dates
    from auditor.structure.segment import WEEKDAY_RE
    from auditor.vocab import weekday_names, weekday_pattern

    assert weekday_names() == ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    assert re.fullmatch(weekday_pattern(), "Wednesday", re.I) and WEEKDAY_RE.search("held on Saturday")
    assert [d.weekday for d in find_dates("on Tuesday, 4 March 2025 at 2pm")] == ["Tuesday"]
