"""Markdown and plain text into blocks, each with its 1-based source line."""
from __future__ import annotations

import html
import re

from auditor.ingest.text_aligned import find_text_tables
from auditor.ingest.text_stacked import stacked_tables
from auditor.model import Block, Cell, Location, RawPack, Table
from auditor.numbers import parse_figure

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
BULLET_RE = re.compile(r"^(\s*)[-*+•▪◦]\s+(.*)$")
NUMBERED_RE = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
LETTERED_RE = re.compile(r"^\s*\(?([a-z]|[ivx]{1,4})\)\s+(.*)$")
TABLE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
# [text](target "title"), shared by links and images. Bounded repeats and no '[' inside the text:
# unbounded ones made "[[[[..." or "[a](" x n quadratic.
LINK_BODY = r"\[([^\[\]]{0,1000})\]\(([^)\s\[]{0,2000})(?:\s+\"[^\"]{0,500}\")?\)"
LINK_RE = re.compile(r"(?<!!)" + LINK_BODY)
AUTOLINK_RE = re.compile(r"<(https?://[^>\s]{1,2000})>")
IMAGE_RE = re.compile(r"!" + LINK_BODY)
IMG_TAG_RE = re.compile(r"<img\b[^>]{0,2000}>", re.I)
BLANK_PAGE_RE = re.compile(r"^\W*this page (?:is )?intentionally (?:been )?left blank\W*$", re.I)
SENTENCE_END = (".", ":", ";", "!", "?")  # a line ending so ends its sentence (the PDF readers join the others)


def read_text_file(path: str) -> str:
    """Read a text file as UTF-8 (or UTF-16/32 with a BOM), line by line falling back to cp1252."""
    return decode_text(_read_bytes(path))[0]


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


# UTF-32's little-endian BOM begins with UTF-16's: it is tried first.
UNICODE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Bytes text seldom holds (C0 controls but tab, line ends, \v, \f, DOS end-of-file, escape): one
# byte in nine of a binary file, a stray bell or two in text. A few NULs are slips of an editor or an
# export and are removed; more is a binary file, or text in a wide encoding without a BOM.
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\v\f\x1a\x1b\x00")
MAX_CONTROL_SHARE = 0.05
MAX_STRAY_NULS, MAX_STRAY_NUL_SHARE = 16, 0.01  # either is a few
BINARY_FILE = "looks like a binary file, not text"


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """(text with \\n line ends, warnings on how it was read). Rejects binary files.

    A file pasted together from several sources can be UTF-8 with a few Windows-1252 lines;
    decoding line by line keeps the UTF-8 lines right instead of turning every '£' into 'Â£'.
    """
    codec = next((name for bom, name in UNICODE_BOMS if data.startswith(bom)), None)
    if codec:
        text, warnings = _without_stray_nuls(data.decode(codec, errors="replace"), "\x00", "\n")
        return _unix_line_ends(text), warnings
    if len(data) - len(data.translate(None, CONTROL_BYTES)) > MAX_CONTROL_SHARE * len(data):
        raise ValueError(BINARY_FILE)
    data, warnings = _without_stray_nuls(data, b"\x00", b"\n")
    try:
        return _unix_line_ends(data.decode("utf-8-sig")), warnings
    except UnicodeDecodeError:
        pass
    lines, cp1252_lines = [], []
    raw_lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for n, raw in enumerate(raw_lines, 1):
        try:
            lines.append(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            cp1252_lines.append(n)
    warnings.append(f"{_describe_lines(cp1252_lines)} not UTF-8: read as Windows-1252 (cp1252)")
    return "\n".join(lines), warnings


def _unix_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _without_stray_nuls(data, nul, newline):
    """data without its NULs and a warning naming their lines, if they are few (else ValueError)."""
    count = data.count(nul)
    if not count:
        return data, []
    if count > max(MAX_STRAY_NULS, MAX_STRAY_NUL_SHARE * len(data)):
        raise ValueError(BINARY_FILE)
    lines = [n for n, line in enumerate(data.split(newline), 1) if nul in line]
    plural = "s" if count > 1 else ""
    return data.replace(nul, data[:0]), [f"{count} stray NUL character{plural} removed ({_line_list(lines)})"]


BREAK_TAG_RE = re.compile(r"<br\s*/?>|</p>|</li>", re.I)
LIST_TAG_RE = re.compile(r"<li[^>]*>", re.I)
ANY_TAG_RE = re.compile(r"<[^>]{0,200}>")
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
STRONG_RE = re.compile(r"(\*\*|__)(.*?)\1")
EMPH_STAR_RE = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)")
EMPH_UNDERSCORE_RE = re.compile(r"(?<!\w)_(?!\s)([^_]+?)_(?!\w)")
RUN_OF_SPACES_RE = re.compile(r"[ \t\u00a0]+")
# stars standing alone (at the start or after a space, a space after them) open no emphasis: the star
# rating of an item ('** G1', '* G5'), as printed
LONE_STARS_RE = re.compile(r"(?<!\S)\*\*(?=\s)")
INLINE_MARKUP_RE = re.compile(r"[\[<&\\*_\t\u00a0]| {2}")  # what the substitutions below act on


# escaped markup characters ("\*\*" = two literal stars) hide from the emphasis rules
ESCAPED_STAND_INS = {"*": "\ue000", "_": "\ue001"}
RESTORE_ESCAPED = {0xE000: "*", 0xE001: "_"}


def strip_inline(text: str) -> str:
    """Markdown/HTML inline markup to plain text."""
    if not INLINE_MARKUP_RE.search(text):
        return text.strip()  # plain text, nothing to strip: most table cells
    text = IMAGE_RE.sub("", text)  # an image is not text; its alt text is not printed
    text = LINK_RE.sub(lambda m: m.group(1), text)
    text = AUTOLINK_RE.sub(lambda m: m.group(1), text)
    text = BREAK_TAG_RE.sub(" ", text)
    text = LIST_TAG_RE.sub("; ", text)
    text = ANY_TAG_RE.sub("", text)
    text = html.unescape(text)
    text = ESCAPE_RE.sub(lambda m: ESCAPED_STAND_INS.get(m.group(1), m.group(1)), text)
    text = LONE_STARS_RE.sub("\ue000\ue000", text)  # '** G1': stars with space after them mark no bold
    text = STRONG_RE.sub(r"\2", text)
    text = EMPH_STAR_RE.sub(r"\1", text)
    text = EMPH_UNDERSCORE_RE.sub(r"\1", text)
    text = text.replace("**", "").translate(RESTORE_ESCAPED)
    text = RUN_OF_SPACES_RE.sub(" ", text)
    return text.strip()


HEADING_MARK_RE = re.compile(r"^#+\s*")
EMPTY_STRONG_RE = re.compile(r"\*\*\s*\*\*")
ALL_STRONG_RE = re.compile(r"\*\*.+\*\*", re.S)
ALL_B_TAG_RE = re.compile(r"<b>.+</b>", re.S | re.I)
BOLD_CELL_RE = re.compile(r"(<b>.*</b>|\*\*.*\*\*)", re.S | re.I)


def is_all_bold(raw: str) -> bool:
    s = raw.strip()
    if not s:
        return False
    inner = HEADING_MARK_RE.sub("", s)
    inner = EMPTY_STRONG_RE.sub("", inner)
    if ALL_STRONG_RE.fullmatch(inner) or ALL_B_TAG_RE.fullmatch(inner):
        return "**" not in inner[2:-2] or inner.count("**") % 2 == 0
    return False


def links_in(raw: str) -> list[tuple[str, str]]:
    return [(strip_inline(m.group(1)), m.group(2)) for m in LINK_RE.finditer(raw)]


def split_row(line: str) -> list[str]:
    s = line.strip()
    s = re.sub(r"^[-*]\s+(?=\|)", "", s)
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return re.split(r"(?<!\\)\|", s)


def is_table_line(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") or bool(re.match(r"^[-*]\s+\|.*\|\s*$", s))


def cell_is_bold(raw: str) -> bool:
    s = raw.strip()
    return bool(s) and bool(BOLD_CELL_RE.fullmatch(s))


def build_table(lines: list[tuple[int, str]], source: str) -> Table:
    rows: list[list[Cell]] = []
    header_rows = 0
    for lineno, line in lines:
        if TABLE_SEPARATOR_RE.match(line.strip()) and "-" in line:
            header_rows = len(rows)
            continue
        loc = Location(source, line=lineno)
        row = []
        for raw in split_row(line):
            text = strip_inline(raw)
            row.append(Cell(text=text, location=loc, bold=cell_is_bold(raw), figure=parse_figure(text)))
        rows.append(row)
    widths = {len(r) for r in rows}
    confidence = "grid" if len(widths) <= 1 else "repaired"
    return Table(rows=rows, location=Location(source, line=lines[0][0]), header_rows=header_rows,
                 confidence=confidence, parts=[Location(source, line=lines[0][0])])


def parse_markdown(text: str, source: str, fmt: str = "markdown") -> RawPack:
    lines = text.split("\n")
    blocks: list[Block] = []
    aligned = find_text_tables(lines, source) if fmt == "text" else {}
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        stripped = line.strip()
        lineno = i + 1
        if not stripped:
            i += 1
            continue
        if i in aligned:  # columns laid out with spaces
            i, table = aligned[i]
            blocks.append(Block("table", "", Location(source, line=lineno), table=table, anchors=[]))
            continue
        if is_table_line(line):
            start = i
            while i < n and is_table_line(lines[i]):
                i += 1
            tlines = [(k + 1, lines[k]) for k in range(start, i)]
            table = build_table(tlines, source)
            if table.rows:
                blocks.append(Block("table", "", Location(source, line=lineno), table=table,
                                    anchors=[]))
            continue
        m = HEADING_RE.match(stripped)
        if m:
            blocks.append(_block("heading", m.group(2), lineno, source, level=len(m.group(1))))
            i += 1
            continue
        # paragraph or list item: gather continuation lines
        start = i
        i += 1
        while i < n and lines[i].strip() and not _starts_new_block(lines[i]) and i not in aligned:
            i += 1
        chunk = lines[start:i]
        blocks.append(_paragraph(chunk, lineno, source))
    blocks = stacked_tables(_sentences_rejoined(blocks), source)
    return RawPack(source=source, format=fmt, blocks=_sublists_marked(blocks))


def _sublists_marked(blocks: list[Block]) -> list[Block]:
    """'2. The consultation asked four questions:' then '1. ...', '2. ...', '3. ...': numbers that start again at 1
    under a numbered paragraph ending in a colon are the items of its list, not paragraphs 1 to 3."""
    for i, block in enumerate(blocks[:-1]):
        if block.kind != "paragraph" or not block.text.rstrip().endswith(":") or not (block.number or "").isdigit() \
                or int(block.number) < 2:
            continue
        expected = 1
        for item in blocks[i + 1:]:
            if item.kind != "paragraph" or item.number != str(expected):
                break
            item.kind, item.level = "list_item", 1
            expected += 1
    return blocks


_OPEN_END_RE = re.compile(r"[\w,(–-]$")  # a paragraph that stops mid-sentence: no stop, colon or bracket closed


def _sentences_rejoined(blocks: list[Block]) -> list[Block]:
    """A paragraph that stops mid-sentence and one that goes on in lower case are one paragraph:
    text converted from PDF often keeps each printed line as a paragraph ('... the risk management
    policy' | 'and procedure, and the Board will receive an update')."""
    out: list[Block] = []
    for block in blocks:
        before = out[-1] if out else None
        if (before is not None and before.kind == "paragraph" == block.kind and not before.bold and not block.bold
                and not block.number and _OPEN_END_RE.search(before.text) and block.text[:1].islower()):
            shift = len(before.text) + 1
            before.anchors = (before.anchors or [(0, before.location)]) + \
                [(shift + offset, loc) for offset, loc in (block.anchors or [(0, block.location)])]
            before.text = f"{before.text} {block.text}"
            before.raw = f"{before.raw}\n{block.raw}"
            before.links = before.links + block.links
            continue
        out.append(block)
    return out


def _starts_new_block(line: str) -> bool:
    s = line.strip()
    return bool(
        is_table_line(line) or HEADING_RE.match(s) or BULLET_RE.match(line) or NUMBERED_RE.match(line)
        or BLANK_PAGE_RE.match(strip_inline(s))
    )


def _block(kind: str, raw: str, lineno: int, source: str, level: int = 0, number=None) -> Block:
    text = strip_inline(raw)
    if BLANK_PAGE_RE.match(text):
        kind = "separator"
    return Block(kind, text, Location(source, line=lineno), level=level, number=number,
                 bold=is_all_bold(raw), raw=raw, links=links_in(raw))


def _paragraph(chunk: list[str], lineno: int, source: str) -> Block:
    first = chunk[0]
    kind, level, number = "paragraph", 0, None
    body_first = first
    m = BULLET_RE.match(first)
    if m:
        kind, level, body_first = "list_item", len(m.group(1).expandtabs(4)) // 2 + 1, m.group(2)
        inner = LETTERED_RE.match(body_first) or NUMBERED_RE.match(body_first)
        if inner:
            number = inner.group(1)
    else:
        m = NUMBERED_RE.match(first)
        if m:
            number, body_first = m.group(1), m.group(2)
        else:
            m = LETTERED_RE.match(first)
            if m:
                kind, number, body_first = "list_item", m.group(1), m.group(2)
    raw_lines = [body_first] + [c.strip() for c in chunk[1:]]
    texts: list[str] = []
    anchors: list[tuple[int, Location]] = []
    offset = 0
    for k, raw in enumerate(raw_lines):
        t = strip_inline(raw)
        if not t:
            continue
        anchors.append((offset, Location(source, line=lineno + k)))
        texts.append(t)
        offset += len(t) + 1
    raw_all = "\n".join(raw_lines)
    text = " ".join(texts)
    if BLANK_PAGE_RE.match(text):
        kind = "separator"
    return Block(kind, text, Location(source, line=lineno), level=level, number=number,
                 bold=all(is_all_bold(r) for r in raw_lines if r.strip()), anchors=anchors,
                 raw=raw_all, links=links_in(raw_all))


def ingest_markdown(path: str, display_name: str | None = None) -> RawPack:
    text, warnings = decode_text(_read_bytes(path))
    fmt = "text" if path.lower().endswith(".txt") else "markdown"
    raw = parse_markdown(text, display_name or path, fmt)
    raw.warnings.extend(warnings)
    if not any(b.text.strip() or b.table is not None for b in raw.blocks):
        images = len(IMAGE_RE.findall(text)) + len(IMG_TAG_RE.findall(text))
        if images:
            raise ValueError(f"no text, only {images} image(s): if they are scanned pages, "
                             "run OCR first (e.g. ocrmypdf) and audit the text it gives")
    return raw


def _describe_lines(numbers: list[int]) -> str:
    return _line_list(numbers) + (" is" if len(numbers) == 1 else " are")


def _line_list(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5])) + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")
    return f"line {shown}" if len(numbers) == 1 else f"lines {shown}"
