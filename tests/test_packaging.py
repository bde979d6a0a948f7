"""What `pip install .` ships: every package and data file of the source tree."""
from __future__ import annotations

import tomllib
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_package_folder_is_listed():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "vidforensics").rglob("__init__.py")}
    missing = found - listed
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"
    assert "vidforensics_cli" in listed


def test_installed_package_has_its_data_files():
    import vidforensics
    root = resources.files(vidforensics)
    assert (root / "people" / "data" / "centerface.onnx").is_file()
    assert (root / "report" / "fonts" / "DejaVuSans.ttf").is_file()
    assert any(p.name.endswith(".schema.json") for p in (root / "schema").iterdir())


def test_declared_dependencies_have_lower_bounds_and_are_installed():
    for req in PYPROJECT["project"]["dependencies"]:
        assert ">=" in req, f"{req}: every runtime dependency needs a tested lower bound"
        name = req.split(">=")[0].split("[")[0].strip()
        assert metadata.version(name), name
