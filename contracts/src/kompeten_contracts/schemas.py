"""JSON Schema of every public event, committed under `contracts/schemas/`.

    contracts/schemas/<service>/<EventName>.v<N>.json            what the model generates now
    contracts/schemas/published/<service>/<EventName>.v<N>.json  the published record

`python -m kompeten_contracts.schemas write` regenerates the first kind, and records the second:
it creates the published record of a new event version and advances it over compatible changes
(a new optional property), but refuses to advance it over an incompatible one (see
`kompeten_contracts.compat`); such a change needs a new version and an upcaster instead.
`python -m kompeten_contracts.schemas check` exits 1, listing every difference, when the
committed files are not what the models generate or a model breaks its published record.

A published record is never deleted by `write`: once consumers have records of a version, some
class or upcaster chain must keep reading it.

Schemas are open (no `additionalProperties: false`): a version may gain optional properties,
and consumers must ignore properties they do not know.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from kompeten_contracts import REGISTRY
from kompeten_contracts.base import PublicEvent
from kompeten_contracts.compat import incompatible_changes
from kompeten_contracts.registry import EventType, TypeRegistry, UnknownEventType

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"
PUBLISHED = "published"


def json_schema(event_class: type[PublicEvent]) -> dict[str, Any]:
    """The model's JSON Schema with `$id` = its CloudEvents type, a title, and objects open."""
    generated = event_class.model_json_schema(by_alias=True)
    open_objects(generated)
    generated.pop("title", None)
    return {
        "$schema": DIALECT,
        "$id": event_class.ce_type(),
        "title": event_class.__name__,
        **generated,
    }


def open_objects(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            del node["additionalProperties"]
        for value in node.values():
            open_objects(value)
    elif isinstance(node, list):
        for value in node:
            open_objects(value)


def relative_path(event_class: type[PublicEvent]) -> PurePosixPath:
    return PurePosixPath(event_class.service, f"{event_class.name}.v{event_class.version}.json")


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generated(registry: TypeRegistry = REGISTRY) -> dict[PurePosixPath, str]:
    """Relative path -> file text, for every registered event class."""
    return {relative_path(cls): render(json_schema(cls)) for cls in registry.events()}


def _current_files(root: Path) -> list[PurePosixPath]:
    return sorted(
        PurePosixPath(path.relative_to(root).as_posix())
        for path in root.glob("*/*.json")
        if path.parent.name != PUBLISHED
    )


def _published_files(root: Path) -> list[PurePosixPath]:
    published = root / PUBLISHED
    return sorted(
        PurePosixPath(path.relative_to(published).as_posix()) for path in published.glob("*/*.json")
    )


def _diff(committed: str, expected: str, name: str) -> str:
    lines = difflib.unified_diff(
        committed.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"committed {name}",
        tofile=f"generated {name}",
    )
    return "".join(lines).rstrip("\n")


def drift(root: Path = SCHEMAS_DIR, registry: TypeRegistry = REGISTRY) -> list[str]:
    """Where the committed schemas are not what the models generate (a forgotten `write`)."""
    problems: list[str] = []
    expected = generated(registry)
    for relative, text in expected.items():
        path = root / relative
        if not path.is_file():
            problems.append(
                f"{relative}: missing; run `python -m kompeten_contracts.schemas write`"
            )
            continue
        committed = path.read_text(encoding="utf-8")
        if committed != text:
            problems.append(
                f"{relative}: differs from the model; run `python -m kompeten_contracts.schemas "
                f"write`\n{_diff(committed, text, str(relative))}"
            )
    for relative in _current_files(root):
        if relative not in expected:
            problems.append(f"{relative}: no registered event class generates it (stale)")
    return problems


def _load(path: Path) -> dict[str, Any] | str:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return f"unreadable: {error}"
    if not isinstance(loaded, dict):
        return "not a JSON object"
    return loaded


def breaks(root: Path = SCHEMAS_DIR, registry: TypeRegistry = REGISTRY) -> list[str]:
    """Where the models are not compatible with, or not recorded in, the published record."""
    problems: list[str] = []
    published_root = root / PUBLISHED
    for event_class in registry.events():
        relative = relative_path(event_class)
        path = published_root / relative
        if not path.is_file():
            problems.append(
                f"{PUBLISHED}/{relative}: no published record; "
                "run `python -m kompeten_contracts.schemas write`"
            )
            continue
        record = _load(path)
        if isinstance(record, str):
            problems.append(f"{PUBLISHED}/{relative}: {record}")
            continue
        current = json_schema(event_class)
        changes = incompatible_changes(record, current)
        for change in changes:
            problems.append(
                f"{event_class.ce_type()} breaks its published schema: {change}. "
                "Publish the change as a new version with an upcaster instead."
            )
        if not changes and record != current:
            problems.append(
                f"{PUBLISHED}/{relative}: behind the compatible model; "
                "run `python -m kompeten_contracts.schemas write`"
            )
    known = {relative_path(event_class) for event_class in registry.events()}
    for relative in _published_files(root):
        if relative in known:
            continue
        record = _load(published_root / relative)
        ce_type = record.get("$id") if isinstance(record, dict) else None
        if not isinstance(ce_type, str):
            problems.append(f"{PUBLISHED}/{relative}: has no $id naming its event type")
            continue
        try:
            EventType.parse(ce_type)
            registry.upcaster_chain(ce_type)
        except UnknownEventType as error:
            problems.append(
                f"{PUBLISHED}/{relative}: records of this published version can no longer "
                f"be read: {error}"
            )
    return problems


def check(root: Path = SCHEMAS_DIR, registry: TypeRegistry = REGISTRY) -> list[str]:
    return drift(root, registry) + breaks(root, registry)


def write(root: Path = SCHEMAS_DIR, registry: TypeRegistry = REGISTRY) -> list[str]:
    """Regenerate the schemas and record compatible ones as published; return what it refused."""
    refused: list[str] = []
    expected = generated(registry)
    for relative, text in expected.items():
        _write_text(root / relative, text)
    for relative in _current_files(root):
        if relative not in expected:
            (root / relative).unlink()
    for event_class in registry.events():
        path = root / PUBLISHED / relative_path(event_class)
        current = json_schema(event_class)
        if path.is_file():
            record = _load(path)
            if isinstance(record, str):
                refused.append(f"{path}: {record}; left as it is")
                continue
            changes = incompatible_changes(record, current)
            if changes:
                refused.extend(
                    f"{event_class.ce_type()} breaks its published schema: {change}"
                    for change in changes
                )
                continue
        _write_text(path, render(current))
    return refused


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kompeten_contracts.schemas",
        description="Write or check the JSON Schemas of the public events.",
    )
    parser.add_argument("command", choices=("write", "check"))
    parser.add_argument("--dir", type=Path, default=SCHEMAS_DIR, help="the schemas directory")
    arguments = parser.parse_args(argv)
    root: Path = arguments.dir
    if arguments.command == "write":
        problems = write(root)
        for problem in problems:
            print(f"refused: {problem}", file=sys.stderr)
        if not problems:
            print(f"wrote {len(REGISTRY)} schema(s) under {root}")
        return 1 if problems else 0
    problems = check(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{len(REGISTRY)} schema(s) under {root} are current and compatible")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
