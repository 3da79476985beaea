"""Unprivileged uids for sandboxes, leased across every process on the machine.

RLIMIT_NPROC counts all processes of a uid machine-wide, so two sandboxes sharing a uid share one budget: a
Luanti server's threads in one could make `setpriv` fail with EAGAIN in the other. The in-process slot pool
cannot prevent that when several processes run sandboxes (parallel test jobs, an env-server worker pool), so
each run leases a uid with an exclusive `flock` on a per-uid lock file; the kernel drops the lock if the
process dies, so a lease can never leak.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager

from .isolation import SLOT_UID_BASE

UID_RANGE = 1024
LOCK_DIR = "/run/modbench-uids" if os.path.isdir("/run") and os.access("/run", os.W_OK) else "/tmp/modbench-uids"


@contextmanager
def lease_uid(preferred: int = 0):
    """Yield a uid in [SLOT_UID_BASE, SLOT_UID_BASE + UID_RANGE) that no other sandbox holds right now."""
    os.makedirs(LOCK_DIR, mode=0o700, exist_ok=True)
    for i in range(UID_RANGE):
        uid = SLOT_UID_BASE + (preferred + i) % UID_RANGE
        fd = os.open(os.path.join(LOCK_DIR, str(uid)), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            yield uid
        finally:
            os.close(fd)   # closing releases the lock
        return
    raise OSError(f"all {UID_RANGE} sandbox uids are in use")
