"""Forking child processes without losing a signal.

A SIGTERM or Ctrl-C that arrives while os.fork runs its at-fork callbacks (logging
registers one) is raised inside that callback, where Python prints and ignores it: the run
went on to the end and exited 0 (tests/test_hostile.py caught it when start-up got faster).
So the main process holds both signals while it forks, and gets them once it is done; a
child starts with them held too, and lets them through once its own handlers are set.
"""
from __future__ import annotations

import contextlib
import signal
import sys

_HELD = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def signals_held():
    """SIGINT and SIGTERM held (not lost) while the block forks; delivered after it."""
    if not hasattr(signal, "pthread_sigmask"):  # no fork there either
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def child_signals() -> None:
    """In a child: Ctrl-C is the main process's to handle (it stops its children), SIGTERM
    ends the child at once (not through the handler the main process set for itself);
    then the signals held over the fork are let through."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def flush_standard_streams() -> None:
    """Before a fork: what stdout and stderr hold would otherwise be written again by the child."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # None, closed or gone
            pass
