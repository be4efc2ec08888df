"""Shipped data files load through one validated path; a broken file is refused naming the
file, the line and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bashu.core import loaders
from bashu.core.loaders import DataFileError, data_file_load, data_file_models


@pytest.mark.parametrize("path", loaders.shipped_files(), ids=lambda p: p.name)
def test_every_shipped_file_has_a_model_and_keeps_it(path: Path) -> None:
    key = path.relative_to(loaders.PACKAGE).as_posix()
    assert key in loaders.MODELS, f"{key}: declare its model in bashu.core.loaders.MODELS"
    data = data_file_load(path)
    assert data  # no shipped file is empty
    if path.suffix == ".csv":
        assert all(isinstance(v, str) for row in data for v in row.values())
        assert len(data_file_models(path)) == len(data)
    else:
        assert data == json.loads(path.read_text(encoding="utf-8"))  # what readers had


def test_the_registry_names_only_files_that_exist() -> None:
    shipped = {p.relative_to(loaders.PACKAGE).as_posix() for p in loaders.shipped_files()}
    assert set(loaders.MODELS) == shipped
    assert set(loaders.UNIQUE) <= {k for k in shipped if k.endswith(".csv")}


REGIONS = "code,name,level,parent_code,longitude,latitude\n"


def refused(path: Path, model=None, **options) -> DataFileError:  # type: ignore[no-untyped-def]
    with pytest.raises(DataFileError) as caught:
        data_file_load(path, model, **options)
    return caught.value


@pytest.mark.parametrize(
    ("body", "line", "field"),
    [
        ("510000,四川省,province,,104.1,30.6\n510100,成都市,city,510000,104.0,30.6\n", 3, "level"),
        (
            "510000,四川省,province,,104.1,30.6\n51010,成都市,prefecture,510000,104.0,30.6\n",
            3,
            "code",
        ),
        ("510000,四川省,province,,404.1,30.6\n", 2, "longitude"),
        ("510000,四川省,province,,104.1,30.6\n510000,四川,province,,104.1,30.6\n", 3, "code"),
        ("510000, 四川省,province,,104.1,30.6\n", 2, "name"),
        ("510100,成都市,prefecture,,104.0,30.6\n", 2, ""),  # a prefecture needs its parent
    ],
)
def test_a_broken_csv_is_refused_with_file_line_and_field(
    tmp_path: Path, body: str, line: int, field: str
) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(REGIONS + body, encoding="utf-8")
    error = refused(path, loaders.RegionRow, unique=("code",))
    assert (error.file, error.line, error.field) == (str(path), line, field)
    assert str(error).startswith(f"{path}: line {line}: ")


def test_a_csv_header_that_is_not_the_models_is_refused_at_line_1(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("code,name,level,parent,longitude,latitude\n", encoding="utf-8")
    error = refused(path, loaders.RegionRow)
    assert (error.line, error.field) == (1, "parent_code")


def test_a_csv_row_with_a_missing_cell_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(REGIONS + "510000,四川省,province,,104.1\n", encoding="utf-8")
    assert refused(path, loaders.RegionRow).line == 2


def test_a_broken_json_value_is_refused_at_its_line(tmp_path: Path) -> None:
    shipped = loaders.PACKAGE / "transfers" / "data" / "case_kinds.json"
    kinds = json.loads(shipped.read_text(encoding="utf-8"))
    kinds[2]["service_days"] = 0
    path = tmp_path / "case_kinds.json"
    text = json.dumps(kinds, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    error = refused(path, loaders.CaseKinds)
    expected = text.splitlines().index('    "service_days": 0,') + 1
    assert (error.line, error.field) == (expected, "2.service_days")


def test_a_missing_json_field_is_placed_at_its_object(tmp_path: Path) -> None:
    shipped = loaders.PACKAGE / "recognition" / "data" / "agreements.json"
    agreements = json.loads(shipped.read_text(encoding="utf-8"))
    del agreements[1]["clauses"][0]["text"]
    path = tmp_path / "agreements.json"
    text = json.dumps(agreements, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    error = refused(path, loaders.Agreements)
    assert error.field == "1.clauses.0.text" and "required" in error.message.lower()
    assert text.splitlines()[error.line - 1].strip() == "{"
    assert text.splitlines()[error.line].strip().startswith('"id"')


def test_a_bad_json_key_is_placed_at_the_key(tmp_path: Path) -> None:
    path = tmp_path / "occupation_profiles.json"
    path.write_text('{\n  "not-a-code": {}\n}\n', encoding="utf-8")
    error = refused(path, loaders.OccupationProfiles)
    assert (error.line, error.field) == (2, "not-a-code")


def test_a_file_that_is_not_json_is_refused_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "case_kinds.json"
    path.write_text('[\n  {"kind": "x",}\n]\n', encoding="utf-8")
    assert refused(path, loaders.CaseKinds).line == 2


def test_a_file_without_a_model_or_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    assert "no model" in str(refused(path))
    path.write_bytes((REGIONS + "510000,四川省,province,,104.1,30.6\n").encode("gb18030"))
    assert refused(path, loaders.RegionRow).line == 2
