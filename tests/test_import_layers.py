"""The package's imports point one way: down the layers, never up, and never round in a circle.

Every module under auditor/ is read with `ast` (nothing is imported). Each `import auditor.x` and
`from auditor.x import y` is an edge to the module it names (to auditor.x.y when y is itself a
module), wherever it is written: at the top of the file, inside a function, under TYPE_CHECKING.
A function-level import is still a dependency; it only hides a cycle from Python, not from a reader.
(Importing auditor.x.y also runs auditor/x/__init__.py; that implicit step is not an edge here.)
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "auditor"

# The layers, lowest first. A module may import its own layer and the layers listed before it; never a
# layer listed after it. A name stands for that module and, for a package, every module under it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # Leaf utilities, used by every layer: errors, where the shipped files are, the vocabulary, reading
    # numbers, bounded YAML, regex hazards, worker-process helpers, the package's version.
    ("leaf", ("auditor", "auditor.errors", "auditor.resources", "auditor.vocab", "auditor.numbers",
              "auditor.safe_yaml", "auditor.regex_safety", "auditor.regex_tail", "auditor.processes")),
    # What every ingester produces and every later stage reads; a finding's fingerprint.
    ("model", ("auditor.model", "auditor.fingerprint")),
    ("ingest", ("auditor.ingest",)),        # files -> blocks and tables
    ("structure", ("auditor.structure",)),  # blocks -> documents, the meeting, joined tables
    ("facts", ("auditor.facts",)),          # the pack -> dates, figures, references
    ("checks", ("auditor.checks", "auditor.check_split")),  # the kinds, and the runner's two-process split
    ("report", ("auditor.report",)),        # findings -> text, JSON, SARIF, HTML...; beside checks (below)
    # The application: rule files, configuration, running a pack or many, baselines and waivers, writing
    # files safely, annotating a Word copy.
    ("app", ("auditor.rules", "auditor.config", "auditor.pipeline", "auditor.batch", "auditor.baseline",
             "auditor.output", "auditor.annotate")),
    ("cli", ("auditor.cli", "auditor.__main__")),
]
# Layers that sit side by side: neither imports the other. The report formats findings; what a check
# computes reaches it only through the findings.
BESIDE = {("report", "checks"), ("checks", "report")}

RANK = {name: i for i, (name, _) in enumerate(LAYERS)}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(module: str, path: Path) -> set[str]:
    """The auditor modules this module imports, anywhere in its text."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target
                     for alias in node.names]
        else:
            continue
        found.update(n for n in names if n in MODULES and n != module)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def layer_of(module: str) -> str | None:
    best, best_len = None, -1
    for name, members in LAYERS:
        for member in members:
            inside = module == member or (member != "auditor" and module.startswith(member + "."))
            if inside and len(member) > best_len:
                best, best_len = name, len(member)
    return best


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_module_has_a_layer():
    assert [m for m in MODULES if layer_of(m) is None] == []


def test_the_graph_is_read():
    """The reader sees both kinds of import, and a function-level one (a sanity check of the test)."""
    assert "auditor.model" in GRAPH["auditor.ingest.markdown"]
    assert "auditor.pipeline" in GRAPH["auditor.batch"]  # `from auditor.pipeline import audit` in a function


def test_no_import_cycles():
    cycles = _cycles(GRAPH)
    detail = ["  " + " <-> ".join(c) + ": " + "; ".join(f"{a} -> {b}" for a in c for b in sorted(GRAPH[a]) if b in c)
              for c in cycles]
    assert not cycles, "import cycles:\n" + "\n".join(detail)


def test_imports_point_down_the_layers():
    upward = []
    for module, targets in sorted(GRAPH.items()):
        mine = layer_of(module)
        for target in sorted(targets):
            theirs = layer_of(target)
            if RANK[theirs] > RANK[mine] or (mine, theirs) in BESIDE:
                upward.append(f"  {module} ({mine}) -> {target} ({theirs})")
    assert not upward, "imports of a higher layer:\n" + "\n".join(upward)


def test_the_test_sees_a_cycle_and_an_upward_import():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer_of("auditor.structure.segment") == "structure"
    assert layer_of("auditor.checks._prose") == "checks"
    assert layer_of("auditor") == "leaf" and layer_of("auditor.cli") == "cli"


def test_the_layers_below_checks_take_no_check_context():
    """The checks' Context (run options, per-run caches) is theirs: facts, structure and ingest are given
    plain values (the meeting date from the command line), and the checks cache what they build."""
    below = {name for name, _ in LAYERS[: RANK["checks"]]}
    found = []
    for module, path in MODULES.items():
        if layer_of(module) not in below:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found += [f"{module}.{node.name}({a.arg})" for a in node.args.args + node.args.kwonlyargs
                          if a.arg in ("ctx", "context")]
            elif isinstance(node, ast.Attribute) and node.attr == "cached":
                found.append(f"{module}: .cached (line {node.lineno})")
    assert found == []
