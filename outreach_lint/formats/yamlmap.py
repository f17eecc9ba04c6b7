"""YAML with positions: PyYAML's composer, never its constructor, and no aliases.

Front matter and sequence exports are read with PyYAML's ``SafeLoader`` composer, which gives
every node its exact start and end in the file. Values are built from the nodes here (strings,
numbers, booleans, lists, mappings), so no YAML tag can ever build an object. Aliases (``*name``)
are refused outright: a template never needs them, and refusing them makes "billion laughs"
expansion impossible. Deep nesting that would exhaust the stack is a parse error too.

:func:`scalar_region` turns a string scalar into a :class:`Region`: the decoded value with a map
to the file, for plain, quoted (escapes, ``''``), literal ``|`` and folded ``>`` scalars, so a
finding inside a block scalar lands on its own line and column.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Span
from .yamlscalar import scalar_region

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["YamlError", "compose", "scalar_region", "value_of"]

try:  # PyYAML is a dependency; keep the error readable if an install is broken
    import yaml
except ImportError:  # pragma: no cover
    yaml = None  # type: ignore[assignment]


class YamlError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


if yaml is not None:

    class _Loader(yaml.SafeLoader):  # type: ignore[misc,name-defined]
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    "YAML aliases (*name) are not allowed in templates; write the value out",
                    event.start_mark,
                )
            return super().compose_node(parent, index)


def compose(text: str, offset: int = 0) -> Any:
    """The root node of ``text`` (one YAML document), or ``None`` when empty.

    Marks are shifted by ``offset`` so they are file offsets. Raises :class:`YamlError`.
    """
    if yaml is None:  # pragma: no cover
        raise YamlError("PyYAML is not installed; reinstall outreach-lint", offset)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.index if mark is not None else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(f"YAML does not parse: {problem}", offset + where) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML does not parse: {exc}", offset) from None
    except RecursionError:
        raise YamlError("YAML is nested too deeply to read", offset) from None
    if offset and node is not None:
        _shift(node, offset)
    return node


def _shift(root: Any, offset: int) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _Mark(node.start_mark.index + offset)
        node.end_mark = _Mark(node.end_mark.index + offset)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))


@dataclass(frozen=True)
class _Mark:
    """A position the YAML reader reached."""

    index: int


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def value_of(node: Any, depth: int = 0) -> Any:
    """Plain data from a node: str, int, float, bool, None, list, dict (keys as str)."""
    if node is None:
        return None
    if depth > 100:
        raise YamlError("YAML is nested too deeply to read", node.start_mark.index)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None:
            if node.tag == _INT:
                try:
                    return int(node.value.replace("_", ""), 0)
                except ValueError:
                    return node.value
            if node.tag == _FLOAT:
                try:
                    return float(node.value.replace("_", ""))
                except ValueError:
                    return node.value
            if node.tag == _BOOL:
                return node.value.lower() in ("true", "yes", "on", "y")
            if node.tag == _NULL:
                return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [value_of(v, depth + 1) for v in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(value_of(k, depth + 1)): value_of(v, depth + 1) for k, v in node.value}
    return None


def is_string(node: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and (
        node.style is not None or node.tag not in (_INT, _FLOAT, _BOOL, _NULL)
    )


def mapping_items(node: Any) -> list[tuple[str, Any, Any]]:
    """``(key, key_node, value_node)`` of a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(k.value), k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


def is_mapping(node: Any) -> bool:
    return yaml is not None and isinstance(node, yaml.MappingNode)


def is_sequence(node: Any) -> bool:
    return yaml is not None and isinstance(node, yaml.SequenceNode)


def node_span(node: Any) -> Span:
    return Span(node.start_mark.index, node.end_mark.index)
