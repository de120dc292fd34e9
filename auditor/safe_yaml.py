"""YAML from users (rule files, vocabulary files, waivers) read safely: bounded in size, depth and
alias expansion, and any problem reported as one error naming the file and line."""
from __future__ import annotations

import yaml

from auditor.errors import RuleFileError


def _load_yaml(text: str):
    """yaml.safe_load, with libyaml's parser when PyYAML has it (about 10x faster); a file it
    rejects is read again by the pure-Python parser, whose error message and line are reported."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_BoundedSafeLoader)


# A rule file is a few kilobytes, a few levels deep, with a handful of anchors. Far beyond that is
# a file made to exhaust memory or the stack: an alias bomb (anchors of anchors, each one expanding
# tenfold), or thousands of nested brackets.
MAX_YAML_CHARS = 1_000_000
MAX_YAML_DEPTH = 64
MAX_YAML_VALUES = 200_000  # scalars and collections in the document, every alias expanded


class YamlLimitError(yaml.YAMLError):
    """A YAML file beyond the bounds above (reported like a syntax error, with its line)."""

    def __init__(self, problem: str, mark=None):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class _BoundedSafeLoader(yaml.SafeLoader):
    """SafeLoader whose recursive composer stops at MAX_YAML_DEPTH instead of the Python stack."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise YamlLimitError(f"nested more than {MAX_YAML_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def check_yaml_bounds(text: str) -> None:
    """Raise YamlLimitError if the text is too long, too deep, or expands too far through aliases.

    Reads the event stream only, no document is built: the size of each anchored value with its
    aliases expanded is added up as the events come, so an alias bomb is refused before it exists."""
    if len(text) > MAX_YAML_CHARS:
        raise YamlLimitError(f"{len(text):,} characters, more than the {MAX_YAML_CHARS:,} allowed")
    try:
        _walk_events(yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except YamlLimitError:
        raise
    except yaml.YAMLError:  # the pure-Python parser (not recursive) gives the better message and line
        _walk_events(yaml.parse(text, Loader=yaml.SafeLoader))


def _walk_events(events) -> None:
    open_values: list[list] = []  # [anchor, values so far] of each collection being read
    anchored: dict[str, int] = {}
    closed = 0  # values of the top-level collections already read
    for event in events:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(open_values) >= MAX_YAML_DEPTH:
                raise YamlLimitError(f"nested more than {MAX_YAML_DEPTH} levels deep", event.start_mark)
            open_values.append([event.anchor, 1])
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, values = open_values.pop()
        elif isinstance(event, yaml.AliasEvent):
            anchor, values = None, anchored.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            anchor, values = event.anchor, 1
        else:
            continue
        if anchor is not None:
            anchored[anchor] = values
        if open_values:
            open_values[-1][1] += values
        else:
            closed += values
        if closed + sum(v for _, v in open_values) > MAX_YAML_VALUES:
            raise YamlLimitError(f"more than {MAX_YAML_VALUES:,} values once its aliases are expanded "
                                 "(an alias bomb?)", event.start_mark)


def read_user_yaml(text: str, where: str, error: type = RuleFileError, bounded: bool = True):
    """YAML text parsed safely; any problem is one `error` naming `where` (and the line, if known)."""
    try:
        if bounded:
            check_yaml_bounds(text)
        return _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        verdict = "refused" if isinstance(exc, YamlLimitError) else "not valid YAML"
        raise error(f"{where}:{line} {verdict} ({problem})") from None
    except (RecursionError, MemoryError):
        raise error(f"{where}: too large or too deeply nested to read as YAML") from None
