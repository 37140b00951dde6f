"""The command line: outputs, schema, and one clear error line for bad input."""

import json
import subprocess
import sys

import jsonschema
import pytest

from newsgraph.cli import main


def run_cli(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "newsgraph.cli", *args], input=stdin,
                          capture_output=True, timeout=300)


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
    result = run_cli("analyze", "-", "--format", "json",
                     stdin="Mayor Ann Lee said on Friday the park would reopen.".encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["text"].startswith("Mayor Ann Lee")


@pytest.mark.parametrize("content", [
    b"",
    b"   \n\n  ",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x00<<>>stream\x00\x01\x02",
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
])
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
