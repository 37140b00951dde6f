"""Old public names kept working for a while: a module's ``__getattr__`` that serves each
renamed attribute under its old name with a ``DeprecationWarning``."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Mapping
from typing import Any


def renamed(module: str, old_to_new: Mapping[str, str]) -> Callable[[str], Any]:
    """``__getattr__ = renamed(__name__, {"old_name": "new_name"})`` at the end of a module."""

    def __getattr__(name: str) -> Any:
        new = old_to_new.get(name)
        if new is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(f"{module}.{name} is deprecated; use {module}.{new}", DeprecationWarning, stacklevel=2)
        return getattr(sys.modules[module], new)

    return __getattr__
