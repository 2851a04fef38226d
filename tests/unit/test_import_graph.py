"""The layers hold: no feature imports another feature's pages, and the plain-Python
packages (tenders, library, compliance, documents) import neither Flask nor any pages."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "procure"
PLAIN_PACKAGES = ("tenders", "library", "compliance", "documents", "exports")
ALLOWED_TO_USE_FLASK = {"procure.documents.routes"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in PACKAGE.rglob("*.py")}


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else None


def test_no_feature_imports_the_pages_of_another():
    offences = [
        f"{module} imports {imported}"
        for module, imported_names in modules().items()
        for imported in imported_names
        if imported.endswith(".routes")
        and imported.startswith("procure.")
        and feature_of(imported) != feature_of(module)
    ]
    assert offences == []


def test_plain_packages_import_neither_flask_nor_pages():
    offences = [
        f"{module} imports {imported}"
        for module, imported_names in modules().items()
        if feature_of(module) in PLAIN_PACKAGES and module not in ALLOWED_TO_USE_FLASK
        for imported in imported_names
        if imported.split(".")[0] in ("flask", "flask_login", "flask_babel", "flask_wtf")
        or imported.endswith(".routes")
    ]
    assert offences == []


def test_package_init_files_do_not_load_their_pages():
    offences = [
        f"{module} imports {imported}"
        for module, imported_names in modules().items()
        if (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists()
        for imported in imported_names
        if imported.endswith(".routes") or imported.endswith(".bp")
    ]
    assert offences == []


def test_the_checks_see_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from procure.wizard.routes import bp\n", encoding="utf-8")
    assert "procure.wizard.routes" in imports_of(sample)
