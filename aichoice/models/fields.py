"""The field types the rule-file models are written in, and how pydantic validates them.

One subject: what makes a rule file's value valid before any model's own
logic runs. Every model module builds on these, so they live in one place:
the exact (never converted) field types, the pydantic configuration each
rule-file model carries (`STRICT`), the key a field is written under
(`written_name`), and `FieldError`/`require`, the checks a model runs in
`__post_init__` so that an error points at the field it is about.
"""

from typing import Annotated, Any, Union


class _Exact:
    """Pydantic hook: take a value only as the type written, never converted.

    `weight: true` is not 1, `gte: "10000"` is not a number and `equals: 2.0`
    is not the whole number 2: rule files say what they mean, and what was
    validated is exactly what was written. Floats must be finite.
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        _strict(schema)
        return schema


def _strict(schema: dict[str, Any]) -> None:
    if schema.get("type") in ("int", "float", "bool", "str", "union", "list", "nullable"):
        schema["strict"] = True
    if schema.get("type") == "float":
        schema["allow_inf_nan"] = False
    for key in ("choices", "items_schema", "schema"):
        inner = schema.get(key)
        for item in inner if isinstance(inner, list) else [inner] if isinstance(inner, dict) else []:
            _strict(item[0] if isinstance(item, tuple) else item)


Exact = _Exact()
WholeNumber = Annotated[int, Exact]
Number = Annotated[float, Exact]
Scalar = Annotated[Union[bool, int, str], Exact]


def written_name(name: str) -> str:
    """The key a field is written under in rule files, JSON and the cache: field `in_` is
    written `in`, `not_` is `not`, `from_` is `from`."""
    return name[:-1] if name.endswith("_") else name


# How pydantic validates the rule-file models (read by rulecheck.py): unknown keys
# are errors, and a field `in_` is written `in`. A check in __post_init__ raises FieldError
# naming its field, so the error can point at that field's line.
STRICT: dict[str, Any] = {"extra": "forbid", "alias_generator": written_name}


class FieldError(ValueError):
    """A check on one field of a rule-file model failed (pydantic reports it at that field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def require(ok: bool, field: str, message: str) -> None:
    """A check after pydantic's types, about `field`."""
    if not ok:
        raise FieldError(field, message)
