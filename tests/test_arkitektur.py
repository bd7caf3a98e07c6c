"""The package's shape (docs/arkitektur.md): stage sub-packages, imports in one direction, no circles.

Layers, bottom to top: ``core`` < ``plan`` < ``inputs`` < ``compute`` < ``report`` < ``render`` < ``cli``.
A module may import its own layer and the layers below, never one above. Imports between modules
must not form a circle. An import of the package's own modules inside a function is allowed only where it
defers a heavy dependency on purpose, and says so in a comment on the line (``# deferred: ...``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAKKE = Path(__file__).resolve().parent.parent / "helhedsanalyse"
LAG = ["core", "plan", "inputs", "compute", "report", "render", "cli"]
#: modules outside the layers: the package marker and ``python -m helhedsanalyse``
UDEN_LAG = {"helhedsanalyse", "helhedsanalyse.__main__"}


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PAKKE.rglob("*.py")):
        parts = f.relative_to(PAKKE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = f
    return out


MODULER = _modules()


def _layer(module: str) -> int | None:
    if module in UDEN_LAG:
        return None
    part = module.split(".")[1]
    return LAG.index(part)


def _resolve(module: str, path: Path, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package's own modules an import statement names (a ``from pkg import mod`` names ``pkg.mod``)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "helhedsanalyse"]
    if node.level:
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "helhedsanalyse":
        return []
    out = []
    for a in node.names:
        sub = f"{target}.{a.name}"
        out.append(sub if sub in MODULER else target)
    return out


def _imports(function_level: bool) -> list[tuple[str, str, int, str]]:
    """(importer, imported, line, source line) for every import of the package's own modules."""
    out = []
    for module, path in MODULER.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        inside: dict[int, str] = {}  # import node -> the source of the import lines of its function
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                own = [n for n in ast.walk(fn) if n is not fn and isinstance(n, (ast.Import, ast.ImportFrom))]
                said = "\n".join("\n".join(lines[n.lineno - 1:n.end_lineno]) for n in own)
                inside.update({id(n): said for n in own})
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            if (id(node) in inside) != function_level:
                continue
            if any(isinstance(p, ast.If) and "TYPE_CHECKING" in ast.unparse(p.test) for p in _parents(tree, node)):
                continue
            for target in _resolve(module, path, node):
                # a function's imports share one comment: "# deferred: why" on one of them
                out.append((module, target, node.lineno, inside.get(id(node), lines[node.lineno - 1])))
    return out


def _parents(tree: ast.AST, node: ast.AST) -> list[ast.AST]:
    chain: list[ast.AST] = []

    def walk(n: ast.AST, trail: list[ast.AST]) -> bool:
        if n is node:
            chain.extend(trail)
            return True
        return any(walk(c, [*trail, n]) for c in ast.iter_child_nodes(n))

    walk(tree, [])
    return chain


def test_every_module_belongs_to_a_layer():
    for module in MODULER:
        assert module in UDEN_LAG or module.split(".")[1] in LAG, f"{module} is in no layer of {LAG}"


@pytest.mark.parametrize("function_level", [False, True], ids=["modul", "funktion"])
def test_no_import_goes_up_a_layer(function_level):
    up = [f"{a} (line {n}) imports {b}" for a, b, n, src in _imports(function_level)
          if _layer(a) is not None and _layer(b) is not None and _layer(b) > _layer(a)]
    assert up == []


def test_no_circle_between_modules():
    graph: dict[str, set[str]] = {m: set() for m in MODULER}
    for a, b, _, _ in _imports(function_level=False):
        if b in graph and a != b and not (a.startswith(b + ".")):  # a package's own __init__ is not a circle
            graph[a].add(b)
    # a module importing its own package's __init__ that re-exports it is the only shape allowed
    circles = []
    state: dict[str, int] = {}

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                circles.append(" -> ".join(stack[stack.index(n):] + [n]))
            elif n not in state:
                visit(n, [*stack, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert circles == []


def test_function_level_imports_of_the_package_say_why():
    """Only a deliberate deferral of a heavy dependency, commented on the line."""
    bare = [f"{a}:{n}: imports {b}" for a, b, n, src in _imports(function_level=True) if "# deferred" not in src]
    assert bare == []
