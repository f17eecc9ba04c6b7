"""The ranked table of ``outreach-lint score``: one line per message, worst first."""

from __future__ import annotations

from collections.abc import Sequence

from .text import one_line, shown_path

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any

_BAND_COLOR = {"send": "\033[32m", "fix": "\033[33m", "rewrite": "\033[31m"}
_RESET, _BOLD = "\033[0m", "\033[1m"


def format_scores(scores: Sequence[Any], stream: IO[str], *, color: bool = False) -> None:
    from ..scoring import BANDS, summary

    write = stream.write
    if not scores:
        write("No messages to score.\n")
        return
    width = min(60, max(len("Message"), *(len(shown_path(s.label)) for s in scores)))
    head = f"{'Rank':>4}  {'Score':>5}  {'Band':<13}  {'Message':<{width}}  What cost points"
    write((_BOLD + head + _RESET if color else head) + "\n")
    for rank, s in enumerate(scores, 1):
        label = shown_path(s.label)
        if len(label) > width:
            label = "…" + label[-(width - 1) :]
        band = f"{s.band_label:<13}"
        if color:
            band = _BAND_COLOR.get(s.band, "") + band + _RESET
        costs = ", ".join(f"{one_line(c.reason)} -{c.points}" for c in s.costs[:3])
        if len(s.costs) > 3:
            costs += f", +{len(s.costs) - 3} more"
        write(f"{rank:>4}  {s.score:>5}  {band}  {label:<{width}}  {costs or '-'}\n")
    info = summary(scores)
    bands = ", ".join(f"{info['bands'][b]} {label.lower()}" for _low, b, label in BANDS)
    write(
        f"\n{info['messages']} message{'s' if info['messages'] != 1 else ''}: {bands}; "
        f"median score {info['median']:g}.\n"
    )
    write("Bands: send 80-100, fix one thing 60-79, rewrite 0-59.\n")
