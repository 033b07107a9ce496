"""Compatibility of two JSON Schemas of the same event version, from the consumers' side.

A topic is a replayable record, so compatibility runs both ways: a consumer built against the
old schema reads records produced under the new one, and a consumer built against the new
schema replays records produced years ago under the old one. What breaks either is listed by
`incompatible_changes`:

- a property removed, or its type changed (including `T` <-> `T | null`);
- a new required property, or an optional property made required (old records lack it);
- a required property made optional (old consumers rely on it being there);
- an enum value removed;
- a pattern, format or other constraint (length, range, ...) changed;
- additionalProperties tightened (open -> closed or constrained).

Adding an optional property, adding an enum value, and changing titles, descriptions,
examples or defaults are compatible. `$ref`s into the same document are followed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Schema = Mapping[str, Any]
_Variant = tuple[str, dict[str, Any]]

_CONSTRAINTS = (
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
)
_JSON_TYPES: dict[type, str] = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
    list: "array",
    dict: "object",
}


class ChangeKind(StrEnum):
    PROPERTY_REMOVED = "property removed"
    TYPE_CHANGED = "type changed"
    REQUIRED_ADDED = "new required property"
    REQUIRED_DROPPED = "required property made optional"
    ENUM_VALUE_REMOVED = "enum value removed"
    PATTERN_CHANGED = "pattern changed"
    FORMAT_CHANGED = "format changed"
    CONSTRAINT_CHANGED = "constraint changed"
    ADDITIONAL_PROPERTIES_TIGHTENED = "additionalProperties tightened"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    path: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind}: {self.detail}"


def incompatible_changes(old: Schema, new: Schema) -> list[Change]:
    """Every change from `old` to `new` that breaks a consumer; empty when compatible."""
    comparer = _Comparer(old, new)
    comparer.compare(old, new, "$")
    return comparer.changes


def is_compatible(old: Schema, new: Schema) -> bool:
    return not incompatible_changes(old, new)


def _resolve(node: Any, root: Schema) -> dict[str, Any]:
    """A schema node as a dict, `$ref` into `root` followed (siblings of `$ref` kept)."""
    result = _as_dict(node)
    for _ in range(64):
        if "$ref" not in result:
            return result
        target = _as_dict(_pointer(root, result.pop("$ref")))
        result = {**target, **result}
    raise ValueError("$ref chain too long (a $ref cycle?)")


def _as_dict(node: Any) -> dict[str, Any]:
    if node is True:
        return {}
    if node is False:
        return {"not": {}}
    if not isinstance(node, Mapping):
        raise TypeError(f"not a JSON Schema: {node!r}")
    return dict(node)


def _pointer(root: Schema, ref: Any) -> Any:
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise ValueError(f"only $refs inside the same document are supported, not {ref!r}")
    node: Any = root
    for part in ref[1:].split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or key not in node:
            raise ValueError(f"$ref {ref!r} points nowhere")
        node = node[key]
    return node


def _json_type(value: Any) -> str:
    for python_type, name in _JSON_TYPES.items():
        if type(value) is python_type:
            return name
    return "unknown"


def _type_of(variant: Mapping[str, Any]) -> str:
    if "type" in variant:
        return str(variant["type"])
    if "not" in variant and variant["not"] in ({}, True):
        return "never"
    values = _enum(variant)
    if values is not None:
        kinds = {_json_type(value) for value in values}
        return kinds.pop() if len(kinds) == 1 else "mixed"
    if "properties" in variant or "additionalProperties" in variant:
        return "object"
    if "items" in variant or "prefixItems" in variant:
        return "array"
    return "any"


def _enum(variant: Mapping[str, Any]) -> list[Any] | None:
    if "enum" in variant:
        return list(variant["enum"])
    if "const" in variant:
        return [variant["const"]]
    return None


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _show(types: list[str]) -> str:
    return " | ".join(sorted(set(types))) or "nothing"


@dataclass
class _Comparer:
    old_root: Schema
    new_root: Schema
    changes: list[Change] = field(default_factory=list)
    _active: set[tuple[str, str]] = field(default_factory=set)

    def add(self, kind: ChangeKind, path: str, detail: str) -> None:
        self.changes.append(Change(kind, path, detail))

    def variants(self, node: Any, root: Schema, ref: str = "") -> list[_Variant]:
        """The alternatives a node allows: unions flattened, type lists split, each with the
        `$ref` it was reached through (to stop on recursive schemas)."""
        ref = _ref(node) or ref
        resolved = _resolve(node, root)
        for union in ("anyOf", "oneOf"):
            if union in resolved:
                siblings = {k: v for k, v in resolved.items() if k != union}
                return [
                    (option_ref, {**siblings, **variant})
                    for option in resolved[union]
                    for option_ref, variant in self.variants(option, root, ref)
                ]
        if "allOf" in resolved and len(resolved["allOf"]) == 1:
            siblings = {k: v for k, v in resolved.items() if k != "allOf"}
            return [
                (option_ref, {**siblings, **variant})
                for option_ref, variant in self.variants(resolved["allOf"][0], root, ref)
            ]
        if isinstance(resolved.get("type"), list):
            return [(ref, {**resolved, "type": kind}) for kind in resolved["type"]]
        return [(ref, resolved)]

    def compare(self, old: Any, new: Any, path: str) -> None:
        old_variants = self.variants(old, self.old_root)
        new_variants = self.variants(new, self.new_root)
        old_types = [_type_of(variant) for _, variant in old_variants]
        new_types = [_type_of(variant) for _, variant in new_variants]
        if set(old_types) != set(new_types):
            self.add(ChangeKind.TYPE_CHANGED, path, f"{_show(old_types)} -> {_show(new_types)}")
            return
        for kind in sorted(set(old_types)):
            olds = [v for v, t in zip(old_variants, old_types, strict=True) if t == kind]
            news = [v for v, t in zip(new_variants, new_types, strict=True) if t == kind]
            if len(olds) != len(news):
                self.add(
                    ChangeKind.TYPE_CHANGED,
                    path,
                    f"union of {len(olds)} {kind} alternatives -> {len(news)}",
                )
                continue
            for (old_ref, old_variant), (new_ref, new_variant) in zip(olds, news, strict=True):
                refs = (old_ref, new_ref)
                if old_ref and new_ref:
                    if refs in self._active:
                        continue  # recursive schema: this pair is being compared further up
                    self._active.add(refs)
                try:
                    self.compare_variant(old_variant, new_variant, path)
                finally:
                    if old_ref and new_ref:
                        self._active.discard(refs)

    def compare_variant(self, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
        self.compare_enum(old, new, path)
        for keyword, kind in (
            ("pattern", ChangeKind.PATTERN_CHANGED),
            ("format", ChangeKind.FORMAT_CHANGED),
        ):
            if old.get(keyword) != new.get(keyword):
                self.add(kind, path, f"{old.get(keyword)!r} -> {new.get(keyword)!r}")
        for keyword in _CONSTRAINTS:
            if old.get(keyword) != new.get(keyword):
                self.add(
                    ChangeKind.CONSTRAINT_CHANGED,
                    path,
                    f"{keyword} {old.get(keyword)!r} -> {new.get(keyword)!r}",
                )
        if _type_of(old) == "object":
            self.compare_object(old, new, path)
        if _type_of(old) == "array":
            self.compare_array(old, new, path)

    def compare_enum(self, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
        old_values, new_values = _enum(old), _enum(new)
        if new_values is None:
            return  # no restriction now: every old value is still allowed
        if old_values is None:
            self.add(ChangeKind.CONSTRAINT_CHANGED, path, f"now restricted to {new_values!r}")
            return
        kept = {_key(value) for value in new_values}
        for value in old_values:
            if _key(value) not in kept:
                self.add(ChangeKind.ENUM_VALUE_REMOVED, path, f"{value!r} is no longer allowed")

    def compare_object(self, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
        old_properties: Mapping[str, Any] = old.get("properties", {})
        new_properties: Mapping[str, Any] = new.get("properties", {})
        old_required = set(old.get("required", ()))
        new_required = set(new.get("required", ()))
        for name, old_property in old_properties.items():
            at = f"{path}.{name}"
            if name not in new_properties:
                self.add(ChangeKind.PROPERTY_REMOVED, at, f"{name!r} is gone")
                continue
            if name in old_required and name not in new_required:
                self.add(ChangeKind.REQUIRED_DROPPED, at, f"{name!r} may now be absent")
            if name not in old_required and name in new_required:
                self.add(ChangeKind.REQUIRED_ADDED, at, f"{name!r} became required")
            self.compare(old_property, new_properties[name], at)
        for name in new_properties:
            if name not in old_properties and name in new_required:
                self.add(
                    ChangeKind.REQUIRED_ADDED,
                    f"{path}.{name}",
                    f"{name!r} is new and required; older records lack it",
                )
        self.compare_additional(old, new, path)

    def compare_additional(self, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
        before = old.get("additionalProperties", True)
        after = new.get("additionalProperties", True)
        open_before = before is True or before == {}
        open_after = after is True or after == {}
        if before is False or open_after:
            return  # it was closed, or it is (still) open: nothing old is refused now
        if after is False:
            self.add(
                ChangeKind.ADDITIONAL_PROPERTIES_TIGHTENED,
                path,
                f"{'open' if open_before else 'constrained'} -> closed",
            )
        elif open_before:
            self.add(
                ChangeKind.ADDITIONAL_PROPERTIES_TIGHTENED, path, "open -> constrained by a schema"
            )
        else:
            self.compare(before, after, f"{path}.*")

    def compare_array(self, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
        old_prefix = old.get("prefixItems", [])
        new_prefix = new.get("prefixItems", [])
        if len(old_prefix) != len(new_prefix):
            self.add(
                ChangeKind.TYPE_CHANGED,
                path,
                f"tuple of {len(old_prefix)} items -> {len(new_prefix)}",
            )
        for index, (before, after) in enumerate(zip(old_prefix, new_prefix, strict=False)):
            self.compare(before, after, f"{path}[{index}]")
        self.compare(old.get("items", True), new.get("items", True), f"{path}[]")


def _ref(node: Any) -> str:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            return ref
    return ""
