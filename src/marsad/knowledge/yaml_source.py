"""Reading human-edited YAML sources strictly: a repeated key is an error, not a silent overwrite."""

from __future__ import annotations

from typing import IO, Any

import yaml


class DuplicateKeyError(ValueError):
    """A mapping in a YAML source repeats a key (PyYAML would keep the last one silently)."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses repeated keys in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise DuplicateKeyError(f"repeated key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return dict(loader.construct_mapping(node))


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_strict(source: str | IO[str]) -> Any:
    """Parse YAML safely (a SafeLoader subclass), refusing repeated keys with :class:`DuplicateKeyError`."""
    return yaml.load(source, Loader=_UniqueKeyLoader)
