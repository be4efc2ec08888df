import pytest


@pytest.fixture(autouse=True)
def _fresh_job_index(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test gets its own tantivy index (the database rolls back; the index would not)."""
    settings.JOBS_INDEX_DIR = tmp_path / "jobs-index"
