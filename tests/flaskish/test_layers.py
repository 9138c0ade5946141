"""The package's import layers stay visible (issue 12, item 5).

Imports are read from the source with :mod:`ast`: at module level and inside
functions (not under ``if TYPE_CHECKING:``); ``from . import x`` is an edge to
``x``, ``from .m import name`` an edge to ``m`` (or to ``m.name`` when that is a
module). Two numbers describe the layering:

- the largest import cycle (strongly connected component, lazy edges included);
- the upward lazy imports: imports inside a function of a module that, through
  module-level imports, imports the importer back (so they are lazy only to
  dodge a cycle).

Counted this way, Flask 3.1.3 has a largest cycle of 11 modules and 2 upward lazy
imports. ``python tests/flaskish/test_layers.py`` prints flaskish's numbers (or
those of the package whose folder it is given).
"""

from __future__ import annotations

import ast
import os
import sys
import typing as t

#: The package's folder, found from this file (so the command runs without installing).
PACKAGE_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "flaskish"
)

#: What the package may not exceed (issue 12 asks for at most 8 and 4). The cycle is
#: the app, its CLI (which loads apps) and the test tools; ``cli_runner`` joined it when
#: the CLI runner left ``testing``, so that a test client loads no click (issue 15).
MAX_CYCLE = 7
MAX_UPWARD_LAZY = 2

#: Modules at the bottom: they import nothing from flaskish but one another and
#: ``exceptions`` (the HTTP errors every layer raises).
LEAVES = (
    "globals",
    "signals",
    "config",
    "typing",
    "utils",
    "local",
    "http",
    "datastructures",
    "routing.converters",
    "werkzeug_interop",
)
LEAVES_MAY_IMPORT = ("exceptions",)

Edge = tuple[str, bool]  # (imported module, lazily)


def package_modules(root: str = PACKAGE_DIR) -> dict[str, str]:
    """Dotted module name -> file, for every module of the package."""
    base = os.path.dirname(root)
    found = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                module = os.path.relpath(path, base)[:-3].replace(os.sep, ".")
                found[module.removesuffix(".__init__")] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _target(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module if is_package else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        base = base.rpartition(".")[0]
    return f"{base}.{node.module}" if node.module else base


def module_edges(module: str, path: str, modules: t.Container[str]) -> list[Edge]:
    """The package modules ``module`` imports, each with whether it does so lazily."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    is_package = path.endswith("__init__.py")
    edges: list[Edge] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit_one(other, lazy)
            else:
                visit_one(child, lazy)

    def visit_one(node: ast.AST, lazy: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            lazy = True
        elif isinstance(node, ast.Import):
            edges.extend((alias.name, lazy) for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            target = _target(module, is_package, node)
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    edges.append((f"{target}.{alias.name}", lazy))
                elif target in modules:
                    edges.append((target, lazy))
        visit(node, lazy)

    visit(tree, False)
    return [(target, lazy) for target, lazy in edges if target != module]


def import_graph(root: str = PACKAGE_DIR) -> dict[str, list[Edge]]:
    modules = package_modules(root)
    return {name: module_edges(name, path, modules) for name, path in modules.items()}


def largest_cycle(graph: dict[str, list[Edge]]) -> list[str]:
    """The largest strongly connected component (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted({target for target, _ in graph[start]})))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted({tgt for tgt, _ in graph[child]}))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return max(components, key=len)


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return False


def upward_lazy_imports(graph: dict[str, list[Edge]]) -> list[tuple[str, str]]:
    eager = {name: {target for target, lazy in edges if not lazy} for name, edges in graph.items()}
    return sorted(
        {
            (name, target)
            for name, edges in graph.items()
            for target, lazy in edges
            if lazy and target not in eager[name] and _reaches(eager, target, name)
        }
    )


def _is_leaf(module: str, package: str = "flaskish") -> bool:
    short = module.removeprefix(f"{package}.")
    return any(short == leaf or short.startswith(f"{leaf}.") for leaf in LEAVES)


def leaves_importing_upward(graph: dict[str, list[Edge]]) -> list[tuple[str, str]]:
    allowed = {f"flaskish.{name}" for name in LEAVES_MAY_IMPORT}
    return sorted(
        (name, target)
        for name, edges in graph.items()
        if _is_leaf(name)
        for target, _lazy in edges
        if not _is_leaf(target) and target not in allowed
    )


def test_the_largest_import_cycle_stays_small() -> None:
    cycle = largest_cycle(import_graph())
    print(f"largest import cycle: {len(cycle)} modules: {', '.join(cycle)}")
    assert len(cycle) <= MAX_CYCLE, cycle


def test_lazy_imports_rarely_run_up_the_layers() -> None:
    upward = upward_lazy_imports(import_graph())
    print(f"upward lazy imports: {len(upward)}: {upward}")
    assert len(upward) <= MAX_UPWARD_LAZY, upward


def test_leaf_modules_import_nothing_above_them() -> None:
    assert leaves_importing_upward(import_graph()) == []


def test_the_counting_sees_cycles_and_lazy_imports(tmp_path: t.Any) -> None:
    """The measure itself: a made-up package with a known shape."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from . import high\n")
    (package / "high.py").write_text(
        "import typing\nfrom . import low\nif typing.TYPE_CHECKING:\n    from . import other\n"
    )
    (package / "other.py").write_text("from .high import name\n")
    graph = import_graph(str(package))
    assert graph["pkg.other"] == [("pkg.high", False)]
    assert largest_cycle(graph) == ["pkg.high", "pkg.low"]
    assert upward_lazy_imports(graph) == [("pkg.low", "pkg.high")]


if __name__ == "__main__":
    graph = import_graph(sys.argv[1] if len(sys.argv) > 1 else PACKAGE_DIR)
    cycle = largest_cycle(graph)
    upward = upward_lazy_imports(graph)
    print(f"largest import cycle: {len(cycle)} modules: {', '.join(cycle)}")
    print(f"upward lazy imports: {len(upward)}")
    for name, target in upward:
        print(f"  {name} -> {target}")
