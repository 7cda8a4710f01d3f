"""One BLAS thread while a layout is computed.

The layouts make thousands of small BLAS calls (the stress layout's matrix
products, Kamada-Kawai's L-BFGS-B in scipy). A multi-threaded OpenBLAS (the one
numpy's and scipy's wheels bundle) wakes its worker threads for them, and they spin
between calls: on two cores the load view once used three times the CPU it needs
(0.9 s against 0.3 s), and was no faster on the clock. With one thread the
arithmetic also no longer depends on how many cores the machine has.

The wheels bundle OpenBLAS under their own names (``libscipy_openblas…``), each
with its own thread pool, so the loaded libraries are found in
``/proc/self/maps`` and each is told separately; the previous counts are put
back afterwards. Where there is no ``/proc`` (macOS, Windows) or the BLAS is not
OpenBLAS this does nothing, and the layout is the same, only slower.
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Callable, Iterator

_PREFIXES = ("scipy_openblas", "openblas")
_SUFFIXES = ("64_", "")

_found: dict[str, tuple[Callable[[], int], Callable[[int], None]] | None] = {}
_depth = 0  # how many single_thread() blocks are open (only the outermost acts)


def _libraries() -> list[str]:
    """Paths of the OpenBLAS libraries loaded in this process (sorted)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            fields = [line.split(None, 5) for line in maps]
    except OSError:
        return []
    paths = {f[5].strip() for f in fields if len(f) == 6}
    return sorted(p for p in paths if "openblas" in p.rsplit("/", 1)[-1].lower())


def _controls(path: str) -> tuple[Callable[[], int], Callable[[int], None]] | None:
    """(get, set) for the thread count of the OpenBLAS at ``path``, if it has them."""
    if path not in _found:
        _found[path] = None
        try:
            library = ctypes.CDLL(path)
        except OSError:
            return None
        for prefix in _PREFIXES:
            for suffix in _SUFFIXES:
                get = getattr(library, f"{prefix}_get_num_threads{suffix}", None)
                put = getattr(library, f"{prefix}_set_num_threads{suffix}", None)
                if get is not None and put is not None:
                    get.restype = ctypes.c_int
                    put.argtypes = [ctypes.c_int]
                    put.restype = None
                    _found[path] = (get, put)
                    return _found[path]
    return _found[path]


@contextlib.contextmanager
def single_thread(*, refresh: bool = False) -> Iterator[None]:
    """Run the block with every loaded OpenBLAS on one thread (then restore them).

    Blocks nest (a layout per component inside the layout of a view): only the
    outermost one reads the process's libraries, a millisecond or two each time.
    A library loaded inside the outermost block (scipy's, when networkx imports
    scipy.optimize for a large layout) is not held by it: a nested block that
    follows such an import passes ``refresh`` to read the libraries again. Missing
    it cost a two-plan tasks view 11 s of CPU for 6 s on the clock, two threads
    spinning."""
    global _depth
    restore: list[tuple[Callable[[int], None], int]] = []
    if _depth == 0 or refresh:
        for path in _libraries():
            controls = _controls(path)
            if controls is None:
                continue
            get, put = controls
            count = int(get())
            if count != 1:
                put(1)
                restore.append((put, count))
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        for put, count in restore:
            put(count)
