"""What an analyst asks first at scale, computed in Spark from the tables in OUT (so they cover
every month a run has written, not only the last run's) and written under ``OUT/aggregates/``:

- ``quotes_per_speaker_month``: quotes and articles per speaker and publication month;
- ``top_speakers``: the most quoted speakers, with their first and last month, most quoted first;
- ``entity_cooccurrence``: pairs of named entities and the number of articles naming both.

Only ``top_speakers`` is sorted (a sort is a Spark job of its own); sort the others when querying.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from newsgraph.spark.schema import table_schema
from newsgraph.spark.tables import TABLES
from newsgraph.store.store import NAMED_TYPES

TOP_SPEAKERS = 1000


def quotes_per_speaker_month(quotes: DataFrame) -> DataFrame:
    return (
        quotes.filter(F.col("speaker").isNotNull())
        .groupBy("speaker", "month")
        .agg(F.count("*").alias("quotes"), F.countDistinct("article_id").alias("articles"))
    )


def top_speakers(quotes: DataFrame, limit: int = TOP_SPEAKERS) -> DataFrame:
    return (
        quotes.filter(F.col("speaker").isNotNull())
        .groupBy("speaker")
        .agg(
            F.count("*").alias("quotes"),
            F.countDistinct("article_id").alias("articles"),
            F.min("month").alias("first_month"),
            F.max("month").alias("last_month"),
        )
        .orderBy(F.desc("quotes"), "speaker")
        .limit(limit)
    )


def entity_cooccurrence(entities: DataFrame) -> DataFrame:
    """Each unordered pair of named entities once per article that names both."""
    named = (
        entities.filter(F.col("type").isin(sorted(NAMED_TYPES)))
        .select("article_id", "name", "type")
        .distinct()
    )
    a, b = named.alias("a"), named.alias("b")
    pairs = a.join(
        b,
        (F.col("a.article_id") == F.col("b.article_id"))
        & (F.struct("a.name", "a.type") < F.struct("b.name", "b.type")),
    )
    return pairs.groupBy(
        F.col("a.name").alias("name_a"),
        F.col("a.type").alias("type_a"),
        F.col("b.name").alias("name_b"),
        F.col("b.type").alias("type_b"),
    ).agg(F.count("*").alias("articles"))


def write_all(spark: SparkSession, out: str) -> None:
    quotes, entities = read_table(spark, out, "quotes"), read_table(spark, out, "entities")
    for name, frame in (
        ("quotes_per_speaker_month", quotes_per_speaker_month(quotes)),
        ("top_speakers", top_speakers(quotes)),
        ("entity_cooccurrence", entity_cooccurrence(entities)),
    ):
        frame.write.mode("overwrite").parquet(f"{out.rstrip('/')}/aggregates/{name}")


def read_table(spark: SparkSession, out: str, table: str) -> DataFrame:
    """A table of OUT with its declared schema (an empty partitioned table has no file to infer it from)."""
    return spark.read.schema(table_schema(TABLES[table])).parquet(f"{out.rstrip('/')}/{table}")
