"""The import contract: what each layer of ``storyline`` may import, read from the real import
graph (grimp, every import statement, function-level ones included). ARCHITECTURE.md cites the
tables below."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import grimp
import pytest

PACKAGE = "storyline"

BOTTOM = frozenset({"models", "errors", "registry", "lexicons", "dates", "textcues"})
"""Shared ground: these import nothing of storyline but each other."""

FORBIDDEN: dict[str, frozenset[str]] = {
    "extract": frozenset({"ingest", "store", "story", "eval", "outputs", "api"}),
    "ingest": frozenset({"story", "eval", "outputs", "api"}),
    "store": frozenset({"ingest", "story", "eval", "outputs", "api"}),
    "story": frozenset({"ingest", "eval", "outputs", "api"}),
    "eval": frozenset({"outputs"}),
    "api": frozenset({"outputs"}),
    "outputs": frozenset(),
}
"""Layer → the layers it must never import. Data flows ingest → extract → store → story →
outputs; ``api`` (the facade, with the package root that re-exports it) sits under ``outputs``
(the CLI and web app, with ``__main__``)."""

STORE_ONLY = ("storyline.store.schema", "sqlalchemy")
"""Imported only inside ``storyline.store``: everyone else reads and writes through ``Store``."""

ROOT_LAYERS = {PACKAGE: "api", f"{PACKAGE}.__main__": "outputs"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, include_external_packages=True, cache_dir=None)


def layer(module: str) -> str:
    """``storyline.story.events`` → ``story``."""
    return ROOT_LAYERS.get(module) or module.split(".")[1]


def own_modules(graph: grimp.ImportGraph) -> list[str]:
    return sorted(m for m in graph.modules if m == PACKAGE or m.startswith(PACKAGE + "."))


def internal_imports(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Module → the storyline modules it imports directly."""
    mods = own_modules(graph)
    inside = set(mods)
    return {m: graph.find_modules_directly_imported_by(m) & inside for m in mods}


def where(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    lines = graph.get_import_details(importer=importer, imported=imported)
    at = ", ".join(str(d["line_number"]) for d in lines)
    return f"{importer} → {imported} (line {at})" if at else f"{importer} → {imported}"


def test_every_module_has_a_layer(graph: grimp.ImportGraph) -> None:
    known = BOTTOM | FORBIDDEN.keys()
    strays = [m for m in own_modules(graph) if layer(m) not in known]
    assert not strays, f"modules in no layer (add them to the tables above): {strays}"


def test_only_the_store_touches_its_tables(graph: grimp.ImportGraph) -> None:
    wrong = [
        where(graph, importer, imported)
        for imported in STORE_ONLY
        for importer in sorted(graph.find_modules_that_directly_import(imported))
        if importer.startswith(PACKAGE) and not importer.startswith(f"{PACKAGE}.store")
    ]
    assert not wrong, "read and write through Store, not SQL:\n" + "\n".join(wrong)


def test_layers_import_downwards(graph: grimp.ImportGraph) -> None:
    wrong = []
    for importer, imported in sorted(_cross_layer(internal_imports(graph))):
        a, b = layer(importer), layer(imported)
        allowed = BOTTOM if a in BOTTOM else None
        if (allowed is not None and b not in allowed) or b in FORBIDDEN.get(a, ()):
            wrong.append(where(graph, importer, imported))
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    cycles = strongly_connected(internal_imports(graph))
    assert not cycles, "import cycles between modules:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def _cross_layer(edges: Mapping[str, Iterable[str]]) -> Iterable[tuple[str, str]]:
    for a, targets in edges.items():
        for b in targets:
            if layer(a) != layer(b):
                yield a, b


def strongly_connected(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The components of more than one node (Tarjan's algorithm, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            nxt = next((t for t in targets if t not in index or t in on_stack), None)
            if nxt is not None:
                if nxt in index:
                    low[node] = min(low[node], index[nxt])
                else:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return sorted(found)


def test_strongly_connected_finds_cycles() -> None:
    edges = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": ["e"], "e": ["d"], "f": ["a"]}
    assert strongly_connected(edges) == [["a", "b", "c"], ["d", "e"]]
    assert strongly_connected({"a": ["b"], "b": []}) == []
