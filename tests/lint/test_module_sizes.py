from pathlib import Path

from tests.lint.module_sizes import too_long


def test_product_modules_stay_short():
    assert too_long() == []


def test_a_long_module_is_named_with_its_length(tmp_path: Path):
    (tmp_path / "backend" / "app" / "migrations").mkdir(parents=True)
    (tmp_path / "api").mkdir()
    (tmp_path / "workflows").mkdir()
    (tmp_path / "backend" / "app" / "long.py").write_text("x = 1\n" * 12)
    (tmp_path / "backend" / "app" / "short.py").write_text("x = 1\n" * 10)
    (tmp_path / "backend" / "app" / "migrations" / "0001.py").write_text("x = 1\n" * 50)

    assert too_long(tmp_path, limit=10) == [("backend/app/long.py", 12)]
