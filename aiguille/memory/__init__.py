"""Lazy evaluation: ``Memory`` caches function results on disk; ``hash`` digests objects."""

from ._hashing import hash
from ._memory import (
    CacheWarning,
    FunctionChangedWarning,
    MemorizedFunc,
    MemorizedResult,
    Memory,
    NotMemorizedFunc,
    NotMemorizedResult,
)

__all__ = [
    "CacheWarning",
    "FunctionChangedWarning",
    "MemorizedFunc",
    "MemorizedResult",
    "Memory",
    "NotMemorizedFunc",
    "NotMemorizedResult",
    "hash",
]
