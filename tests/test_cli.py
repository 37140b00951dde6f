"""The command line: outputs, schema, and one clear error line for bad input."""

import json
import subprocess
import sys

import jsonschema
import pytest

from newsgraph.cli import main


def run_cli(*args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", *args], input=stdin, capture_output=True, timeout=300
    )


def test_schema_command_prints_a_valid_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert {"text", "entities", "quotes", "removed"} <= set(schema["properties"])


def test_analyze_json_output_validates(capsys, tmp_path, example_text):
    path = tmp_path / "a.txt"
    path.write_text(example_text, encoding="utf-8")
    assert main(["analyze", str(path), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    from newsgraph.record import json_schema

    jsonschema.validate(record, json_schema())


@pytest.mark.parametrize("fmt, marker", [("markdown", "## Who's who"), ("html", "<!doctype html>")])
def test_analyze_report_formats(capsys, tmp_path, example_text, fmt, marker):
    path = tmp_path / "a.txt"
    path.write_text(example_text, encoding="utf-8")
    assert main(["analyze", str(path), "--format", fmt]) == 0
    assert marker in capsys.readouterr().out


def test_analyze_reads_stdin():
    result = run_cli(
        "analyze", "-", "--format", "json", stdin=b"Mayor Ann Lee said on Friday the park would reopen."
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["text"].startswith("Mayor Ann Lee")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n\n  ",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x00<<>>stream\x00\x01\x02",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    ],
)
def test_bad_input_gives_one_clear_error_line(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli("analyze", str(path))
    assert result.returncode != 0
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsgraph: error:"), lines
    assert result.stdout == b""


def test_unreadable_file_gives_one_clear_error_line(tmp_path):
    result = run_cli("analyze", str(tmp_path / "missing.txt"))
    assert result.returncode != 0
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "cannot read" in lines[0]


def test_quotes_names_each_bad_file_and_goes_on(tmp_path, capsys):
    good, empty = tmp_path / "a.txt", tmp_path / "empty.txt"
    good.write_text("Mayor Ann Lee said on Friday that the park would reopen in May.")
    empty.write_text("")
    assert main(["quotes", str(empty), str(tmp_path / "missing.txt"), str(good)]) == 2
    captured = capsys.readouterr()
    assert [json.loads(line)["doc"] for line in captured.out.splitlines()] == ["a"]
    errors = captured.err.splitlines()
    assert len(errors) == 2 and errors[0].startswith(f"newsgraph: error: {empty}: ")
    assert str(tmp_path / "missing.txt") in errors[1]


def test_an_oversized_input_is_refused_with_its_real_size(tmp_path):
    from newsgraph.cli.inputs import read_input
    from newsgraph.errors import InputError

    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: 51 MiB without writing them
    with pytest.raises(InputError, match=r"^input is 51\.0 MiB; the limit is 10 MiB$"):
        read_input(str(big))
    result = run_cli("analyze", "-", stdin=b"word " * (3 * 1024 * 1024))
    assert (
        result.stderr.decode().strip() == "newsgraph: error: input is more than 10 MiB; the limit is 10 MiB"
    )
