"""Metadata for any corpus (issue 13): a metadata file (`ingest --meta`) and dates in paths
(`--path-date`), their provenance on the record, the article page and the API, and updates of
stored articles whose metadata alone changed (no re-analysis)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.cli import main
from newsgraph.ingest.item import SourceItem
from newsgraph.ingest.sidecar import Annotator, MetadataError, MetadataTable, PathDate
from newsgraph.store import open_store
from newsgraph.store.filters import SearchFilter
from newsgraph.web.app import create_app

POLNEAR = Path(__file__).parents[2] / "shared" / "data" / "polnear"
NAMES = [
    "breitbart_2015-11-11_the-ninth-circle-the-hellish-vie",
    "breitbart_2015-11-16_o-malley-campaign-to-shift-staff",
]


def _write(path: Path, rows: list[list[str]], delimiter: str = "\t") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


# -- the metadata table and path dates ------------------------------------------------------------


def test_rows_are_found_by_path_name_stem_or_path_end(tmp_path):
    table = MetadataTable.load(
        _write(
            tmp_path / "m.tsv",
            [
                ["Filename", "Title", "Date", "Author", "wire", "level"],
                ["a", "Title A", "2016-09-12", "Jane Doe and John Roe", "AP", "4"],
                ["sub/b.txt", "Title B", "NA", "None", "", "7"],
            ],
        )
    )
    a = table.find(SourceItem(b"x", source="/data/corpus/a.txt"))
    assert a.fields == {"title": "Title A", "published": "2016-09-12", "authors": ("Jane Doe", "John Roe")}
    assert a.extra == (("wire", "AP"), ("level", "4"))
    assert table.find(SourceItem(b"x", source="corpus/sub/b.txt")).fields == {"title": "Title B"}
    assert table.find(SourceItem(b"x", source="corpus/other/b.txt")) is None  # the path end must agree
    assert table.find(SourceItem(b"x", source="items.jsonl#L3")) is None


def test_a_csv_table_keyed_by_url(tmp_path):
    table = MetadataTable.load(
        _write(
            tmp_path / "m.csv",
            [
                ["url", "publisher", "publication_date"],
                ["https://example.org/a", "Example News", "June 13, 2023"],
            ],
            ",",
        )
    )
    row = table.find(SourceItem(b"x", source="feed.xml#1", url="https://example.org/a"))
    assert row.fields == {
        "url": "https://example.org/a",
        "publisher": "Example News",
        "published": "June 13, 2023",
    }
    annotated = Annotator(table)(iter([SourceItem(b"x", source="f#1", url="https://example.org/a")]))
    item = next(annotated)
    assert (item.publisher, item.published, item.date_source) == (
        "Example News",
        "June 13, 2023",
        "metadata_file",
    )


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["name", "title"], ["a", "t"]], "names no document column"),
        ([["file", "title"], ["a", "t"], ["a", "u"]], "line 3: file 'a' is listed twice"),
        ([["id", "title"], ["", "t"]], "line 2: no id"),
    ],
)
def test_a_bad_metadata_file_is_a_clear_error(tmp_path, rows, message):
    with pytest.raises(MetadataError, match=message):
        MetadataTable.load(_write(tmp_path / "m.tsv", rows))
    with pytest.raises(MetadataError, match="cannot read the metadata file"):
        MetadataTable.load(tmp_path / "missing.tsv")


@pytest.mark.parametrize(
    "pattern, path, date",
    [
        ("%Y-%m-%d", "news/breitbart_2016-09-12_slug.txt", "2016-09-12"),
        ("%Y/%m/%d", "crawl/2023/6/3/story.html", "2023-06-03"),
        ("%d.%m.%Y", "a/13.06.2023-x.txt", "2023-06-13"),
        ("%Y/%b/%d", "archive/2023/Jun/13/a.txt", "2023-06-13"),
        (r"(?P<year>\d{4})(?P<month>\d\d)(?P<day>\d\d)", "x/20230613.txt", "2023-06-13"),
        ("%Y-%m-%d", "news/undated.txt", None),
        ("%Y-%m-%d", "news/2023-13-45.txt", "2023-13-45"),  # no date: the document fails as bad_date
    ],
)
def test_path_dates(pattern, path, date):
    assert PathDate(pattern).find(path) == date


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("%Y-%m", "does not say the day"),
        ("%Y-%q-%d", "unknown directive %q"),
        ("(?P<year>", "not a valid pattern"),
    ],
)
def test_a_bad_path_pattern_is_a_clear_error(pattern, message):
    with pytest.raises(MetadataError, match=message):
        PathDate(pattern)


# -- ingest ----------------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path) -> Path:
    if not POLNEAR.is_dir():
        pytest.skip("../shared/data/polnear is not available")
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in NAMES:
        shutil.copy(POLNEAR / "train" / "text" / f"{name}.txt", folder)
    return folder


def _polnear_metadata(path: Path, change: dict | None = None) -> Path:
    """PolNeAR's own metadata.tsv rows for the corpus, some cells changed."""
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["filename"] in NAMES]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows([{**r, **(change or {}).get(r["filename"], {})} for r in rows])
    return path


def _ingest(capsys, *args) -> dict:
    capsys.readouterr()
    assert main(["ingest", *map(str, args), "--quiet", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _rows(db: Path) -> dict:
    with open_store(db, readonly=True) as store:
        rows = store.conn.execute("SELECT a.id, a.num, a.ingested_at FROM articles a").fetchall()
        return {r["id"]: (store.get_article(r["id"]), r["num"], r["ingested_at"]) for r in rows}


def test_ingest_with_a_metadata_file_then_metadata_changes_without_reanalysis(tmp_path, corpus, capsys):
    db, meta = tmp_path / "news.db", tmp_path / "meta.tsv"
    report = _ingest(capsys, corpus, "--db", db, "--meta", _polnear_metadata(meta))
    assert (report["stored"], report["metadata_matched"], report["metadata_unmatched"]) == (2, 2, 0)
    first = _rows(db)
    article = next(a for a, _, _ in first.values() if "Malley" in a.title)
    assert (article.published, article.date_source, article.reference_date) == (
        "2015-11-16",
        "metadata_file",
        "2015-11-16",
    )
    assert article.publisher == "breitbart" and article.extra["compartment"] == "train"
    assert "filename" not in article.extra and "title" not in article.extra

    # Only the publisher changes: updated in place, not re-analysed.
    _polnear_metadata(meta, {NAMES[1]: {"publisher": "Breitbart News Network", "author": "Jane Doe"}})
    report = _ingest(capsys, corpus, "--db", db, "--meta", meta)
    assert (report["stored"], report["updated"], report["unchanged"]) == (0, 1, 1)
    second = _rows(db)
    updated, num, analysed_at = second[article.id]
    assert (num, analysed_at) == first[article.id][1:]  # the same rows: no new analysis
    assert updated.publisher == "Breitbart News Network" and updated.authors == ["Jane Doe"]
    assert updated.quotes == article.quotes and updated.times == article.times
    with open_store(db, readonly=True) as store:
        assert store.search(SearchFilter(publisher="Breitbart News Network"))["total"] == 1

    # A new date is a new reference date for the article's times: re-analysed.
    _polnear_metadata(meta, {NAMES[1]: {"publication_date": "2015-12-01"}})
    report = _ingest(capsys, corpus, "--db", db, "--meta", meta)
    assert (report["stored"], report["unchanged"]) == (1, 1)
    reanalysed = _rows(db)[article.id][0]
    assert (reanalysed.published, reanalysed.reference_date) == ("2015-12-01", "2015-12-01")
    assert reanalysed.publisher == "breitbart"  # the metadata file's, as it now says

    client = TestClient(create_app(db))
    page = client.get(f"/article/{article.id}").text
    assert "2015-12-01 (from the metadata file)" in page and f"{NAMES[1]}.txt" in page
    provenance = client.get(f"/api/articles/{article.id}/provenance").json()
    assert provenance["date_source"] == "metadata_file" and provenance["sources"] == [
        str(corpus / f"{NAMES[1]}.txt")
    ]


def test_ingest_with_path_dates(tmp_path, corpus, capsys):
    db = tmp_path / "news.db"
    assert _ingest(capsys, corpus, "--db", db, "--path-date", "_%Y-%m-%d_")["stored"] == 2
    dated = {a.published: a.date_source for a, _, _ in _rows(db).values()}
    assert dated == {"2015-11-11": "path", "2015-11-16": "path"}
    assert main(["ingest", str(corpus), "--db", str(db), "--path-date", "%Y"]) == 2
    assert "does not say the day, month" in capsys.readouterr().err
    assert main(["ingest", str(corpus), "--db", str(db), "--meta", str(tmp_path / "none.tsv")]) == 2
    assert "cannot read the metadata file" in capsys.readouterr().err
