"""Compare two descriptors: every property that changed, and the changes that loosen a rule.

A pull request brings its own `datapackage/datapackage.json`, and the data is validated against
it: a pull request that drops a `pattern` or a `primaryKey` would be checked by its own weaker
rules. `loosenings(base, new)` lists what the new descriptor no longer enforces, each as a
(property path, what changed) pair; `changes(base, new)` lists every changed property for the
reviewer (`python build.py diff`). Both name a property by its path in the descriptor, resources
and fields by their names: `resources[targets].schema.fields[value].constraints.pattern`.

A loosening is any of: a resource or a field removed; a constraint removed or widened (`pattern`
changed at all, `required` or `unique` no longer true, `enum` removed or gaining values, a maximum
or maximum length removed or raised, a minimum or minimum length removed or lowered, any other
constraint removed or changed); a field's `type` or another property that decides how a value is
read changed or removed; the `primaryKey` removed or changed; a foreign key or an `x-one-of` group
removed or changed; a `missingValues` gaining values; one of our `x-` rules changed or removed
(the flags by their direction: `x-not-after-release` turned off, `x-may-equal-english` turned on)
and any other `x-` property of the base removed. Tightenings and additions are not loosenings.
Nothing here raises on a descriptor of the wrong shape: what is not an object or a list counts
as absent (the validator reports the shape itself).
"""

from __future__ import annotations

import json
from typing import Any

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

# Field and resource properties that only describe or present: a change is shown by the diff and
# loosens nothing, but removing an `x-` one still counts (see `_property`).
DOCUMENTATION = frozenset(
    {
        "name",
        "title",
        "description",
        "example",
        "rdfType",
        "x-title-vi",
        "x-description-vi",
        "x-expected",
        "x-label",
        "x-path",
        "x-feed",
        "x-summary",
        "x-singular",
    }
)
# Flags that enforce a rule when true, and one that waives a rule when true.
STRICT_FLAGS = frozenset({"x-not-after-release", "x-not-after-today"})
WAIVER_FLAGS = frozenset({"x-may-equal-english"})
# Field properties whose mere addition lets more values through.
LOOSE_WHEN_ADDED = frozenset({"missingValues", "trueValues", "falseValues", "bareNumber", "groupChar", "decimalChar"})
UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum")
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum")
# Object properties compared key by key even when one side lacks them.
DESCEND = frozenset({"constraints", "schema"})
SHOWN_LIMIT = 120

Found = list[tuple[str, str]]


def shown(value: Any) -> str:
    """A descriptor value as a message shows it: strings as they are, the rest as JSON, shortened."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_LIMIT else text[: SHOWN_LIMIT - 1] + "…"


def as_dict(value: Any) -> dict[str, Any]:
    """The value if it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """The value if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def named(items: Any) -> dict[str, dict[str, Any]] | None:
    """A list of objects by their `name`, or None when they are not all objects with distinct names."""
    if not isinstance(items, list):
        return None
    names = [item.get("name") if isinstance(item, dict) else None for item in items]
    if not all(isinstance(name, str) for name in names) or len(set(names)) != len(names):
        return None
    return dict(zip(names, items, strict=True))  # type: ignore[arg-type]


# every change


def changes(old: Any, new: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Every changed property as (path, old value, new value), MISSING for an absent side; objects
    are compared key by key, lists of named objects (resources, fields) name by name, and any other
    list as one value."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in [*old, *(k for k in new if k not in old)]:
            before, after = old.get(key, MISSING), new.get(key, MISSING)
            where = f"{path}.{key}" if path else key
            if key in DESCEND and _one_object(before, after):
                before, after = as_dict(before), as_dict(after)
            found += changes(before, after, where)
        return found
    old_named, new_named = named(old), named(new)
    if isinstance(old, list) and isinstance(new, list) and old_named is not None and new_named is not None:
        found = []
        for name in [*old_named, *(n for n in new_named if n not in old_named)]:
            found += changes(old_named.get(name, MISSING), new_named.get(name, MISSING), f"{path}[{name}]")
        return found
    return [(path, old, new)]


def _one_object(before: Any, after: Any) -> bool:
    """One side absent and the other an object: then compared key by key with an empty object."""
    return (before is MISSING and isinstance(after, dict)) or (after is MISSING and isinstance(before, dict))


# loosenings


def loosenings(base: Any, new: Any) -> Found:
    """Every rule of the base descriptor that the new one drops or widens, as (path, what changed),
    resources and fields in the base's order."""
    found: Found = []
    new_resources = named(as_dict(new).get("resources")) or {}
    for name, resource in (named(as_dict(base).get("resources")) or {}).items():
        at = f"resources[{name}]"
        if name not in new_resources:
            found.append((at, f"resource {name} removed (its file is no longer checked)"))
            continue
        found += _resource(resource, new_resources[name], at)
    return found


def _resource(base: dict[str, Any], new: dict[str, Any], at: str) -> Found:
    found = _x_properties(base, new, at)
    old_schema, new_schema = as_dict(base.get("schema")), as_dict(new.get("schema"))
    where = f"{at}.schema"
    new_fields = named(new_schema.get("fields")) or {}
    for name, fld in (named(old_schema.get("fields")) or {}).items():
        if name in new_fields:
            found += _field(fld, new_fields[name], f"{where}.fields[{name}]")
        else:
            found.append((f"{where}.fields[{name}]", f"field {name} removed"))
    old_key, new_key = old_schema.get("primaryKey", MISSING), new_schema.get("primaryKey", MISSING)
    if old_key is not MISSING and _names(old_key) != _names(new_key):
        what = "removed" if new_key is MISSING else f"changed (now {shown(new_key)})"
        found.append((f"{where}.primaryKey", f"primaryKey {what} (was {shown(old_key)})"))
    for index, key in enumerate(as_list(old_schema.get("foreignKeys"))):
        if key not in as_list(new_schema.get("foreignKeys")):
            found.append((f"{where}.foreignKeys[{index}]", f"foreign key removed or changed (was {_foreign(key)})"))
    for index, group in enumerate(as_list(old_schema.get("x-one-of"))):
        if group not in as_list(new_schema.get("x-one-of")):
            what = f"x-one-of group removed or changed (was: exactly one of {shown(as_dict(group).get('fields'))})"
            found.append((f"{where}.x-one-of[{index}]", what))
    found += _missing_values(old_schema, new_schema, f"{where}.missingValues")
    for key in old_schema:
        if key not in {"fields", "primaryKey", "foreignKeys", "x-one-of", "missingValues"}:
            found += _property(key, old_schema[key], new_schema.get(key, MISSING), f"{where}.{key}")
    return found


def _x_properties(base: dict[str, Any], new: dict[str, Any], at: str) -> Found:
    """A resource's own `x-` properties (x-setter, x-printed, ...)."""
    found: Found = []
    for key in base:
        if key.startswith("x-"):
            found += _property(key, base[key], new.get(key, MISSING), f"{at}.{key}")
    for key in WAIVER_FLAGS & set(new) - set(base):
        found += _property(key, MISSING, new[key], f"{at}.{key}")
    return found


def _field(base: dict[str, Any], new: dict[str, Any], at: str) -> Found:
    found: Found = []
    old_constraints, new_constraints = as_dict(base.get("constraints")), as_dict(new.get("constraints"))
    for key, value in old_constraints.items():
        found += _constraint(key, value, new_constraints.get(key, MISSING), f"{at}.constraints.{key}")
    for key in base:
        if key != "constraints":
            found += _property(key, base[key], new.get(key, MISSING), f"{at}.{key}")
    for key in (LOOSE_WHEN_ADDED | WAIVER_FLAGS) & set(new) - set(base):
        found += _property(key, MISSING, new[key], f"{at}.{key}")
    return found


def _constraint(key: str, old: Any, new: Any, at: str) -> Found:
    """One constraint of the base: removed, or widened in its own direction."""
    if old == new:
        return []
    if key in ("required", "unique"):
        if old is True and new is not True:
            return [(at, f"{key} {'removed' if new is MISSING else 'turned ' + shown(new)} (was true)")]
        return []
    if new is MISSING:
        return [(at, f"{key} removed (was {shown(old)})")]
    if key == "enum":
        added = [value for value in as_list(new) if value not in as_list(old)]
        if added or not isinstance(new, list):
            return [(at, f"enum gained values: {', '.join(map(shown, added))} (was {shown(old)})")]
        return []
    if key in UPPER_BOUNDS or key in LOWER_BOUNDS:
        widened = _compare(new, old) if key in UPPER_BOUNDS else _compare(old, new)
        if widened is False:
            return []
        verb = "raised" if key in UPPER_BOUNDS else "lowered"
        what = verb if widened else "changed"
        return [(at, f"{key} {what} from {shown(old)} to {shown(new)}")]
    return [(at, f"{key} changed (was {shown(old)}, now {shown(new)})")]


def _compare(high: Any, low: Any) -> bool | None:
    """Whether high > low; None when the two cannot be compared (then any change counts)."""
    numbers = (int, float)
    if isinstance(high, bool) or isinstance(low, bool):
        return None
    if isinstance(high, numbers) and isinstance(low, numbers):
        return high > low
    if isinstance(high, str) and isinstance(low, str):  # dates and times in ISO form
        return high > low
    return None


def _property(key: str, old: Any, new: Any, at: str) -> Found:
    """A field's, a schema's or a resource's property other than its constraints."""
    if old == new:
        return []
    if key in STRICT_FLAGS:
        return [(at, f"{key} turned off (was true)")] if old is True and new is not True else []
    if key in WAIVER_FLAGS:
        was = "absent" if old is MISSING else shown(old)
        return [(at, f"{key} turned true (was {was})")] if new is True else []
    if key == "missingValues":
        return _missing_values({key: old}, {key: new}, at)
    if key in DOCUMENTATION and (new is not MISSING or not key.startswith("x-")):
        return []
    if new is MISSING:
        return [(at, f"{key} removed (was {shown(old)})")]
    if old is MISSING:
        return [(at, f"{key} added ({shown(new)}): more values are accepted")]
    return [(at, f"{key} changed (was {shown(old)}, now {shown(new)})")]


def _missing_values(old: dict[str, Any], new: dict[str, Any], at: str) -> Found:
    """Values read as empty: more of them let more cells pass a `required` rule (default: "")."""
    before, after = (side.get("missingValues", MISSING) for side in (old, new))
    before, after = ([""] if side is MISSING else as_list(side) for side in (before, after))
    added = [value for value in after if value not in before]
    return [(at, f"missingValues gained {', '.join(map(shown, added))}: they are read as empty")] if added else []


def _names(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else as_list(value)


def _foreign(key: Any) -> str:
    """A foreign key as `issuer → issuers.id`."""
    key = as_dict(key)
    reference = as_dict(key.get("reference"))
    fields = ",".join(map(str, _names(key.get("fields"))))
    target = ",".join(map(str, _names(reference.get("fields"))))
    return f"{fields} → {reference.get('resource') or 'itself'}.{target}"
