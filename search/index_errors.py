"""Why there is no usable index, or it cannot be written: one exception each, its message
a line for the user."""

from __future__ import annotations

import errno


class IndexUnavailable(Exception):
    """There is no usable index; the message says why."""


class NoIndexYet(IndexUnavailable):
    pass


class IndexBusy(IndexUnavailable):
    """Another process is writing the index and did not finish in time."""


class IndexUnwritable(IndexUnavailable):
    """The index cannot be written here (a read-only folder, a cache path that is a file, a
    lock file of another user, a full disk); what was on disk is as it was."""


class DiskFull(IndexUnwritable):
    pass


def unwritable(error: OSError) -> IndexUnwritable:
    """A one-line reason the index cannot be written, from the error that said so."""
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"the disk is full{where}")
    if error.errno == errno.EROFS:
        return IndexUnwritable(f"the index folder is on a read-only file system{where}")
    if error.errno in (errno.EACCES, errno.EPERM):
        return IndexUnwritable(f"no permission to write the index{where}")
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return IndexUnwritable(f"the index's cache path is not a folder{where}")
    return IndexUnwritable(f"cannot write the index: {error.strerror or error}{where}")
