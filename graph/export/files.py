"""Atomic writes: a failed or killed run never leaves a half-written file, and a set
of files that belong together is never left half old, half new.

* One file (:func:`write_atomic`): written in full under a temporary name next to
  it, then renamed over it.
* A set of files (:func:`write_folder_atomic`: a dataset whose ``catalog.ttl``
  gives the sizes of the others, a report whose page embeds its charts): written in
  full into a staged folder beside the target folder, which then takes the target's
  place in one step (``renameat2(RENAME_EXCHANGE)`` on Linux, ``renamex_np`` on
  macOS). At every moment, for a reader as for a ``kill -9``, the folder holds the
  complete old set or the complete new one; the old set is removed after the switch.
  Anything else in the folder (a README someone keeps there) is carried into the new
  folder as hard links (copies where links cannot be made).

Where no switch can be made (the folder is the current directory or holds it, a
mount point, a parent folder we may not write, a file system without the exchange
call, a folder holding a pipe or a device), the set is written file by file into
the folder as before: no file is ever half-written, but a kill during the renames
can leave old and new files side by side.

A path that is a symbolic link is written through, never replaced: the file or
folder it points to gets the new content and the link stays, as ``cp`` and the
shell's ``>`` do.

Temporary names are ``.NAME.<random>.tmp`` for a file and ``.FOLDER.dutygraph-<random>``
for a staged folder. A run holds a lock (``flock``) on each while it works, so the
next run can tell the leftovers of a killed run (nobody holds them) from another
run's work in progress (locked), and removes the leftovers.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from graph.errors import DataError, InputError, OptionError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks, no cleanup of leftovers
    fcntl = None  # type: ignore[assignment]

STAGE_MARK = ".dutygraph-"
_TMP_SUFFIX = ".tmp"
# Errors that say "this file system or folder cannot be switched", not "failed".
_NO_SWITCH = {errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.EPERM}
for _name in ("ENOTSUP", "EOPNOTSUPP"):
    if hasattr(errno, _name):
        _NO_SWITCH.add(getattr(errno, _name))


def check_folder_name(folder: str | Path) -> Path:
    """``folder`` as a Path; an empty name is refused rather than read as ``.``."""
    if isinstance(folder, str) and not folder.strip():
        raise OptionError("the output folder name is empty: name a folder to write into")
    return Path(folder)


def ensure_writable_dir(folder: Path) -> Path:
    """Create ``folder`` if needed and prove we can write there, before any work."""
    if folder.exists() and not folder.is_dir():
        raise InputError("is a file, not a folder", path=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=".dutygraph-probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise DataError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    return folder


def file_mode() -> int:
    """The permissions ``open()`` would give a new file (0o666 less the umask).

    ``mkstemp`` creates files as 0o600; renamed into place as they are, published
    data would be unreadable to a web server running as another user.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


# -- locks and leftovers ------------------------------------------------------------


def _lock(fd: int) -> None:
    """Hold ``fd``'s file until the process ends: the mark of work in progress."""
    if fcntl is not None:
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _abandoned(path: str) -> bool:
    """Whether no live process holds ``path`` (a temporary file or staged folder)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # locked: another run is working with it
    finally:
        os.close(fd)
    return True


def _remove_tree(path: str) -> None:
    with suppress(OSError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)


def _is_temp_of(entry: str, name: str) -> bool:
    return entry.startswith(f".{name}.") and entry.endswith(_TMP_SUFFIX)


def _stage_prefix(folder: Path) -> str:
    return f".{folder.name}{STAGE_MARK}"


def remove_leftovers(folder: Path, names: set[str] | None = None) -> list[str]:
    """Remove what killed runs left: temporary files of ``names`` (all of ours when
    None) inside ``folder`` and staged folders beside it. Returns their names."""
    removed: list[str] = []
    candidates: list[str] = []
    with suppress(OSError):
        for entry in os.listdir(folder):
            if not entry.endswith(_TMP_SUFFIX) or not entry.startswith("."):
                continue
            if names is None or any(_is_temp_of(entry, name) for name in names):
                candidates.append(str(folder / entry))
    prefix = _stage_prefix(folder)
    with suppress(OSError):
        for entry in os.listdir(folder.parent):
            if entry.startswith(prefix):
                candidates.append(str(folder.parent / entry))
    for path in sorted(candidates):
        if _abandoned(path):
            _remove_tree(path)
            removed.append(os.path.basename(path))
    return removed


# -- one file at a time ---------------------------------------------------------------


def _through_links(path: Path) -> Path:
    """Where writing ``path`` must go: the target of a symbolic link, not the link."""
    if not os.path.islink(path):
        return path
    real = Path(os.path.realpath(path))
    if os.path.islink(real):  # a loop: realpath gave up on it
        raise DataError(f"cannot write {path}: {os.strerror(errno.ELOOP)}")
    return real


def _discard(tmp: str) -> None:
    with suppress(OSError):
        os.unlink(tmp)


def _stage(path: Path, data: bytes, mode: int) -> tuple[str, int]:
    """Write ``data`` in full to a new temporary file next to ``path``; return its
    name and a descriptor that holds its lock until it is renamed (close it then)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=_TMP_SUFFIX)
    keep = -1
    try:
        _lock(fd)
        keep = os.dup(fd)  # the lock lives as long as one descriptor of the file does
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
    except BaseException:
        if keep != -1:
            os.close(keep)
        _discard(tmp)
        raise
    return tmp, keep


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write every file through a temporary name; rename only once all are written.

    No file is ever half-written; a failure before the renames leaves every file
    as it was. For a set that must switch as one, see :func:`write_folder_atomic`.
    """
    mode = file_mode()
    staged: list[tuple[str, Path]] = []
    locks: list[int] = []
    current: Path | None = None
    try:
        targets = {path: _through_links(path) for path in files}
        for path, target in targets.items():
            if target.is_dir():
                raise InputError("is a folder, not a file", path=str(path))
        for folder in sorted({t.parent for t in targets.values()}):
            remove_leftovers(folder, {t.name for t in targets.values() if t.parent == folder})
        for current, data in files.items():
            tmp, lock = _stage(targets[current], data, mode)
            staged.append((tmp, current))
            locks.append(lock)
        for tmp, current in staged:
            os.replace(tmp, targets[current])
    except BaseException as exc:
        for tmp, _ in staged:
            _discard(tmp)  # already renamed ones are gone: nothing to undo
        if isinstance(exc, OSError):
            raise DataError(f"cannot write {current}: {exc.strerror or exc}") from None
        raise
    finally:
        for lock in locks:
            os.close(lock)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it into place."""
    write_all_atomic({path: data})


# -- a set of files, switched as one -------------------------------------------------


@lru_cache(maxsize=1)
def _exchange_call() -> Callable[[bytes, bytes], int] | None:
    """The system call that swaps two paths in one step, where there is one."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        renameat2.argtypes += [ctypes.c_uint]
        at_fdcwd, rename_exchange = -100, 2
        return lambda a, b: renameat2(at_fdcwd, a, at_fdcwd, b, rename_exchange)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):  # pragma: no cover
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        rename_swap = 2
        return lambda a, b: renamex_np(a, b, rename_swap)
    return None  # pragma: no cover


def exchange(a: Path, b: Path) -> None:
    """Swap the folders at ``a`` and ``b`` in one step; OSError when it cannot be done."""
    call = _exchange_call()
    if call is None:  # pragma: no cover
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS))
    import ctypes

    if call(os.fsencode(a), os.fsencode(b)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


class _CannotSwitch(Exception):
    """This folder's set must be written file by file (see the module's docstring)."""


def _switchable(folder: Path) -> bool:
    if _exchange_call() is None or os.path.ismount(folder):
        return False
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:  # the current folder was removed: it cannot be inside ours
        return True
    return not (here == str(folder) or here.startswith(str(folder) + os.sep))


def _carry(source: str, target: str) -> None:
    """Put ``source`` (a file, link or folder tree) at ``target``: hard links, or
    copies where a link cannot be made; a pipe or device cannot be carried."""
    info = os.lstat(source)
    if stat.S_ISLNK(info.st_mode):
        os.symlink(os.readlink(source), target)
    elif stat.S_ISDIR(info.st_mode):
        os.mkdir(target)
        for entry in sorted(os.listdir(source)):
            _carry(os.path.join(source, entry), os.path.join(target, entry))
        shutil.copystat(source, target, follow_symlinks=False)
    elif stat.S_ISREG(info.st_mode):
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            shutil.copy2(source, target, follow_symlinks=False)
    else:
        raise _CannotSwitch(source)


def _others(folder: Path, names: set[str]) -> list[str]:
    """Entries of ``folder`` that are not part of the set (nor its temporary files)."""
    return sorted(
        entry
        for entry in os.listdir(folder)
        if entry not in names and not any(_is_temp_of(entry, name) for name in names)
    )


def _write_stage(stage: Path, shown: Path, files: Mapping[str, bytes]) -> None:
    mode = file_mode()
    for name, data in files.items():
        try:
            fd = os.open(stage / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), mode)
                fh.write(data)
        except OSError as exc:
            raise DataError(f"cannot write {shown / name}: {exc.strerror or exc}") from None


def _take_over_rest(old: Path, new: Path, names: set[str], carried: list[str]) -> None:
    """Entries that appeared in the folder while the set was staged move along."""
    with suppress(OSError):
        for entry in _others(old, names):
            if entry not in carried and not os.path.lexists(new / entry):
                with suppress(OSError):
                    os.rename(old / entry, new / entry)


def write_folder_atomic(folder: str | Path, files: Mapping[str, bytes]) -> Path:
    """Write ``files`` (name -> bytes) into ``folder`` so that the set switches as one.

    Returns the folder. See the module's docstring for the promise and where it is
    weaker; either way no file is ever half-written and a failure raises
    :class:`DataError` naming the file.
    """
    shown = check_folder_name(folder)
    target = _through_links(shown)
    ensure_writable_dir(target)
    target = Path(os.path.realpath(target))
    names = set(files)
    remove_leftovers(target, names)
    try:
        if not _switchable(target):
            raise _CannotSwitch(str(target))
        try:
            stage = Path(tempfile.mkdtemp(prefix=_stage_prefix(target), dir=target.parent))
        except OSError as exc:
            raise _CannotSwitch(str(target)) from exc
        _switch(stage, target, shown, files, names)
    except _CannotSwitch:
        write_all_atomic({shown / name: data for name, data in files.items()})
    return shown


def _switch(
    stage: Path, target: Path, shown: Path, files: Mapping[str, bytes], names: set[str]
) -> None:
    lock = os.open(stage, os.O_RDONLY)
    try:
        _lock(lock)
        _write_stage(stage, shown, files)
        carried = _others(target, names)
        for entry in carried:
            _carry(str(target / entry), str(stage / entry))
        info = os.stat(target)
        os.chmod(stage, stat.S_IMODE(info.st_mode))
        with suppress(OSError):
            if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
                os.chown(stage, info.st_uid, info.st_gid)
        try:
            exchange(stage, target)
        except OSError as exc:
            if exc.errno in _NO_SWITCH:
                raise _CannotSwitch(str(target)) from exc
            raise DataError(f"cannot write {shown}: {exc.strerror or exc}") from None
        _take_over_rest(stage, target, names, carried)
    except OSError as exc:
        raise DataError(f"cannot write {shown}: {exc.strerror or exc}") from None
    finally:
        os.close(lock)
        # Before the switch the stage holds the unfinished new set, after it the old
        # set: either way it goes.
        _remove_tree(str(stage))
