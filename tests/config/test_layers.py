"""The layers of the code base (README "Layout") hold: a module imports only modules of its own
layer or below, no import hides inside a function to dodge a cycle, the import graph has no
cycle, and the pure rules import no Django model."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "rules", "infra", "agencies", "clock", "cases", "workflow", "letters", "audit", "reports",
    "notifications", "portal",
)
PACKAGES = (*APPS, "config")

# From the ground up; the first pattern a module matches gives its layer.
LAYERS = [
    ("rules", [r"rules(\..*)?", r"infra(\..*)?"]),
    (
        "organisation and calendar",
        [r"agencies\.(models|roles|numbering)", r"clock\.(models|store|seed)"],
    ),
    (
        "records",
        [
            r"workflow\.(errors|permissions|chain|snapshot|sealing|machine|models|events|audit)",
            r"workflow\.(actions|clock|integrity)",
            r"cases\.(models|validators|registration|search|access|uploads|selectors)",
            r"(letters|audit|reports)\.models",
        ],
    ),
    (
        "documents",
        [r"letters\.(fonts|typography|linebreak|layout|kinds|rendering|issuing|subscribers|bundle(\..*)?)"],
    ),
    (
        "process",
        [
            r"(workflow|cases)\.(services|forms|diagram|intake)",
            r"\w+\.serializers",
            r"clock\.services",
            r"config\.(api|parsers|serializers)",  # the API conventions
        ],
    ),
    ("edges and oversight", [r"(agencies|audit|cases|clock|letters|reports|workflow)(\..*)?"]),
    # On top (style.md): notifications read cases and listen to events; nothing below imports them.
    ("notifications", [r"notifications(\..*)?"]),
    # The public side (online applications, status lookup): on top, beside notifications.
    ("portal", [r"portal(\..*)?"]),
    ("site", [r"config(\..*)?"]),
]


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def layer_of(module: str) -> int:
    for rank, (_name, patterns) in enumerate(LAYERS):
        if any(re.fullmatch(p, module) for p in patterns):
            return rank
    raise AssertionError(f"{module} is in no layer")


def resolve(target: str) -> str | None:
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def imported(node) -> list[str]:
    """The modules an import statement loads (``from a import b``: ``a.b`` when it is a
    module, else ``a``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        names = [f"{node.module}.{alias.name}" for alias in node.names]
        return [n if n in MODULES else node.module for n in names]
    return []


def first_party(targets) -> set[str]:
    return {m for t in targets if t.split(".")[0] in PACKAGES if (m := resolve(t))}


def module_imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text())
    return first_party(t for node in tree.body for t in imported(node)) - {module}


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_nothing_above_its_layer(module):
    above = {m for m in module_imports(module) if layer_of(m) > layer_of(module)}
    assert not above, f"{module} ({LAYERS[layer_of(module)][0]}) imports {sorted(above)}"


def test_no_function_imports_another_app():
    """An import of another app inside a function hides a cycle; the layers make none needed.
    (AppConfig.ready() imports its own app's modules to register their actions.)"""
    hidden = []
    for module, path in MODULES.items():
        app = module.split(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    for target in first_party(imported(inner)):
                        if target.split(".")[0] != app:
                            hidden.append(f"{module}.{node.name} imports {target}")
    assert hidden == []


def test_the_import_graph_has_no_cycle():
    graph = {module: module_imports(module) for module in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError(" -> ".join(path[path.index(module) :] + [module]))
        if module in done:
            return
        for dependency in graph[module]:
            visit(dependency, [*path, module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_the_pure_rules_use_no_other_app_and_no_database():
    """Choices (``models.TextChoices``) are plain enums; a model or a query is not pure."""
    for module in (m for m in MODULES if m.startswith("rules")):
        source = MODULES[module].read_text()
        targets = [t for node in ast.walk(ast.parse(source)) for t in imported(node)]
        assert {m.split(".")[0] for m in first_party(targets)} <= {"rules"}, module
        assert not re.search(r"models\.Model\b|\.objects\b|connection", source), module
