"""The architecture as rules on the import graph: what each part of tokenlab may import.

grimp reads every import statement of the package, those inside functions included, so a lazy
import cannot hide an arrow. Each part's `__init__` docstring says the same in words.
"""

from __future__ import annotations

from collections.abc import Iterator

import grimp
import pytest

#: Part of tokenlab -> the parts it may import ("tokenlab" is the public API in __init__.py).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "settings": set(),
    "memory": {"settings"},
    "text": {"errors", "settings"},
    "tokenizers": {"text", "errors", "settings", "memory"},
    "corpora": {"text", "errors", "settings"},
    "scaling": {"tokenizers", "corpora", "text", "errors", "settings"},
    "vocab": {"scaling", "tokenizers", "corpora", "text", "errors", "settings"},
    "engine": {"tokenizers", "corpora", "text", "errors", "settings", "memory"},
    "metrics": {"engine", "tokenizers", "corpora", "text", "errors", "settings"},
    "charts": {"metrics", "scaling", "vocab", "text", "settings"},
    "sandbox": {"tokenizers", "text", "errors", "settings", "memory"},
    "cli": {"tokenlab", "engine", "metrics", "scaling", "vocab", "tokenizers", "corpora", "text", "errors", "memory"},
    "__main__": {"cli"},
}
ALLOWED["tokenlab"] = set(ALLOWED) - {"cli", "__main__"}  # the public API re-exports from every library part
#: Arrows that must never exist, not even through another module.
NEVER_REACHES = [
    ("charts", "engine"),
    ("scaling", "engine"),
    ("tokenizers", "engine"),
    ("vocab", "engine"),
    ("sandbox", "engine"),
    ("tokenizers", "sandbox"),
]
#: What the library never imports: it runs without Streamlit, and the app is built on it, not in it.
APP_PACKAGES = ("streamlit", "ui", "pages")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("tokenlab", include_external_packages=True)


def part(module: str) -> str:
    """tokenlab.engine.store -> engine; tokenlab -> tokenlab."""
    return module.split(".")[1] if "." in module else module


def internal(graph: grimp.ImportGraph) -> list[str]:
    return sorted(m for m in graph.modules if m.split(".")[0] == "tokenlab")


def forbidden_imports(graph: grimp.ImportGraph) -> Iterator[str]:
    """Each direct import that ALLOWED does not allow, as "importer -> imported (line N)"."""
    for importer in internal(graph):
        own = part(importer)
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported.split(".")[0] != "tokenlab" or part(imported) in ({own} | ALLOWED[own]):
                continue
            lines = [d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)]
            yield f"{importer} -> {imported} (line {', '.join(map(str, lines))})"


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every import cycle between tokenlab's modules (one per strongly connected set)."""
    modules = internal(graph)
    edges = {m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i in modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_the_top_level_holds_only_the_parts_and_four_files(graph: grimp.ImportGraph) -> None:
    top = {part(m) for m in internal(graph) if "." in m}
    assert top == set(ALLOWED) - {"tokenlab"}
    files = {m for m in top if not graph.find_children(f"tokenlab.{m}")}
    packages = top - files
    assert files == {"__main__", "errors", "settings", "memory"}
    assert packages == {
        "text",
        "tokenizers",
        "corpora",
        "scaling",
        "vocab",
        "engine",
        "metrics",
        "charts",
        "sandbox",
        "cli",
    }


def test_each_part_imports_only_the_parts_its_rules_allow(graph: grimp.ImportGraph) -> None:
    assert list(forbidden_imports(graph)) == []


@pytest.mark.parametrize(("importer", "imported"), NEVER_REACHES, ids=[f"{a}-{b}" for a, b in NEVER_REACHES])
def test_no_chain_of_imports_leads_from_one_part_to_another(
    graph: grimp.ImportGraph, importer: str, imported: str
) -> None:
    chain = graph.find_shortest_chains(importer=f"tokenlab.{importer}", imported=f"tokenlab.{imported}")
    assert chain == set()


def test_the_library_never_imports_streamlit_or_the_app(graph: grimp.ImportGraph) -> None:
    for package in APP_PACKAGES:
        if package in graph.modules:
            assert sorted(graph.find_modules_that_directly_import(package)) == []


def test_there_is_no_import_cycle(graph: grimp.ImportGraph) -> None:
    assert cycles(graph) == []


def test_a_part_s_init_imports_only_its_own_modules(graph: grimp.ImportGraph) -> None:
    """So that importing one module of a part never drags in another part."""
    for package in ALLOWED:
        module = f"tokenlab.{package}"
        if module in graph.modules and graph.find_children(module):
            imported = graph.find_modules_directly_imported_by(module)
            assert {i for i in imported if i.startswith("tokenlab.") and not i.startswith(module + ".")} == set()


def test_the_rules_themselves_have_no_cycle() -> None:
    seen: set[str] = set()

    def depth_first(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"the allowed imports go round: {' -> '.join((*path, name))}"
        if name not in seen:
            for allowed in ALLOWED.get(name, set()) - {"tokenlab"}:
                depth_first(allowed, (*path, name))
            seen.add(name)

    for name in ALLOWED:
        depth_first(name, ())


def test_the_checks_catch_a_forbidden_arrow_and_a_cycle() -> None:
    """The rules above fail when the code breaks them (a test of the tests), on a graph of its own."""
    graph = grimp.build_graph("tokenlab", include_external_packages=True)
    graph.add_import(
        importer="tokenlab.charts.corpus",
        imported="tokenlab.engine.store",
        line_number=1,
        line_contents="from tokenlab.engine.store import Store",
    )
    graph.add_import(importer="tokenlab.engine.ray_engine", imported="tokenlab.engine.results_run")
    graph.add_import(importer="tokenlab.charts.languages", imported="streamlit")
    assert list(forbidden_imports(graph)) == ["tokenlab.charts.corpus -> tokenlab.engine.store (line 1)"]
    assert ["tokenlab.engine.ray_engine", "tokenlab.engine.results_run"] in cycles(graph)
    assert graph.find_shortest_chains(importer="tokenlab.charts", imported="tokenlab.engine") != set()
    assert graph.find_modules_that_directly_import("streamlit") == {"tokenlab.charts.languages"}
