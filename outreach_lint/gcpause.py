"""The cyclic garbage collector, paused while a command starts.

A one-file run creates some 200,000 objects while it starts (modules, classes, the cached
tables of compiled patterns and code) and almost none of them is garbage, yet the collector
walks them again and again as they are made: ~30 M instructions, about 6% of the run. A
command therefore runs with the collector off (:func:`pause`, in ``cli.main`` and, for the
whole process, in the console script) until it has linted its first file: a second file turns it back on (:func:`resume`, in the runner), and so
does starting worker processes, so a large run keeps the bounded memory the collector gives it.
Only the collector is paused; reference counting frees everything as usual, and nothing a run
prints can depend on when cycles are collected.
"""

from __future__ import annotations

import gc

#: True while :func:`pause` holds the collector off
_paused = False


def pause() -> bool:
    """Turn the collector off; True when this call did (the caller then calls :func:`end`),
    False when it was off already (a caller that turned it off keeps it off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
        return True
    return False


def end(paused: bool) -> None:
    """After :func:`pause`: turn the collector back on if that call turned it off."""
    if paused:
        resume()


def resume() -> None:
    """Turn the collector back on now (a second file, worker processes), if :func:`pause`
    turned it off."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
