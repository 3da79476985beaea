"""Only computes the package list: every folder with an __init__.py below the mapped top-level folders.

The mapping itself ([tool.setuptools.package-dir]) and all metadata live in pyproject.toml; listing subpackages
by hand there would let a new one silently go missing from the wheel.
"""

import tomllib
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
package_dir = tomllib.loads((HERE / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
packages = sorted(
    ".".join((name, *init.parent.relative_to(HERE / folder).parts))
    for name, folder in package_dir.items()
    for init in (HERE / folder).rglob("__init__.py")
)
setup(packages=packages)
