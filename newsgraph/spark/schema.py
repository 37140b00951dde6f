"""Spark column types derived from the record's pydantic models (``newsgraph/record.py``), so the
Parquet output has one source of truth: a field's type in the record is its column's type.

``spark_type(annotation)`` maps a record annotation (str, int, float, bool, Optional, Literal,
list, tuple) to a Spark type; a table is a list of ``Column`` whose annotation is either a
record field's (``field(Quote, "kind")``) or a plain Python type for a derived value (a sequence
number, a joined text).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

from pydantic import BaseModel
from pyspark.sql import types as T

_ATOMS: dict[type, T.DataType] = {
    str: T.StringType(),
    int: T.LongType(),
    float: T.DoubleType(),
    bool: T.BooleanType(),
}


def field(model: type[BaseModel], name: str) -> Any:
    """The annotation of the record field ``model.name`` (KeyError if the record has no such field)."""
    return model.model_fields[name].annotation


def _without_none(annotation: Any) -> tuple[Any, bool]:
    """(the type inside an Optional, whether None is allowed)."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"no Spark type for the union {annotation}")
        return args[0], True
    return annotation, False


def nullable(annotation: Any) -> bool:
    return _without_none(annotation)[1]


def spark_type(annotation: Any) -> T.DataType:
    annotation, _ = _without_none(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation in _ATOMS:
        return _ATOMS[annotation]
    if origin is Literal:
        return spark_type(type(args[0]))  # record literals are all of one type (strings)
    if origin is list or (origin is tuple and len(set(args)) == 1):  # tuple[int, int]: a short array
        return T.ArrayType(spark_type(args[0]), containsNull=nullable(args[0]))
    raise TypeError(f"no Spark type for {annotation}")


@dataclass(frozen=True)
class Column:
    name: str
    annotation: Any  # a record field's annotation (``field(...)``) or a Python type

    def struct_field(self) -> T.StructField:
        return T.StructField(self.name, spark_type(self.annotation), nullable(self.annotation))


def table_schema(columns: list[Column]) -> T.StructType:
    return T.StructType([column.struct_field() for column in columns])
