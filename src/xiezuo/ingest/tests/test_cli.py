import json
import subprocess
import sys
from pathlib import Path

from xiezuo.ingest.cli import main

REPORT = "山东省与重庆市深化鲁渝协作，山东选派挂职干部76人、专业技术人才2671人赴重庆。"
KEYS = {"source", "script", "segments", "pairings", "quantities", "people", "organisations"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from xiezuo.ingest.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_json_lines_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="gb18030")
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("廣東省選派醫生20名赴廣西支醫，深化粵桂協作。".encode("big5"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 3)

    ok = run("extract", str(good), str(big5), "--format", "json")
    assert ok.returncode == 0, ok.stderr
    lines = [json.loads(x) for x in ok.stdout.splitlines()]
    assert len(lines) == 2 and all(set(x) == KEYS for x in lines)
    assert lines[0]["source"] == "good.txt"
    assert {q["value"] for q in lines[0]["quantities"]} == {76, 2671}
    assert lines[1]["script"] == "hant"

    mixed = run("extract", str(bad), str(good), "--format", "json")
    assert mixed.returncode == 2
    assert "bad.txt" in mixed.stderr
    assert len(mixed.stdout.splitlines()) == 1  # the good file is still processed


def test_table_is_default(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "r.txt"
    good.write_text(REPORT, encoding="utf-8")
    assert main(["extract", str(good)]) == 0
    out = capsys.readouterr().out
    assert "cadres_sent" in out and "2,671" in out
