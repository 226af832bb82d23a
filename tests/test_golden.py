"""The drafts of the two samples, pinned part by part (pandoc's golden tests).

Every XML part of the rendered .docx, the whole Markdown and text previews and the HTML page are compared
with the files in tests/golden/. A restructuring must leave them identical; a change meant
to alter the draft updates them with `python tests/test_golden.py` and shows the difference
in review (the parts are plain XML and text, so `git diff` reads them).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
SAMPLES = HERE.parent / "samples"
CASES = [(sample, fmt) for sample in ("2023", "2024") for fmt in ("docx", "md", "txt", "html")]
# The time the .docx's properties record as created and modified is the clock's, or this
# (SOURCE_DATE_EPOCH, the reproducible-builds convention): 2025-03-07 10:00 in Beijing.
RENDER_TIME = {"SOURCE_DATE_EPOCH": "1741312800"}


def render(sample: str, fmt: str, out_dir: Path) -> dict[str, bytes]:
    """The parts of the sample's draft in `fmt`, rendered by the real command (a fresh process)."""
    sys.path.insert(0, str(HERE))
    from conftest import run_process

    out = out_dir / f"{sample}.{fmt}"
    result = run_process("render", str(SAMPLES / f"{sample}.yaml"), "-o", str(out), "--format", fmt, "--force",
                         extra_env=RENDER_TIME)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    if fmt != "docx":
        return {f"{sample}.{fmt}": data}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {f"{sample}.docx/{name}": z.read(name) for name in sorted(z.namelist())}


@pytest.mark.parametrize("sample, fmt", CASES, ids=[f"{s}.{f}" for s, f in CASES])
def test_draft_matches_golden(sample: str, fmt: str, tmp_path: Path):
    parts = render(sample, fmt, tmp_path)
    stored = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.glob(f"{sample}.{fmt}*/**/*") if p.is_file())
    if fmt != "docx":
        stored = [f"{sample}.{fmt}"] if (GOLDEN / f"{sample}.{fmt}").is_file() else []
    assert sorted(parts) == stored, "parts differ from tests/golden (python tests/test_golden.py rewrites them)"
    for name, data in parts.items():
        assert data == (GOLDEN / name).read_bytes(), f"{name} differs from tests/golden/{name}"


if __name__ == "__main__":  # rewrite the golden files from the current code
    import shutil
    import tempfile

    shutil.rmtree(GOLDEN, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        for sample, fmt in CASES:
            for name, data in render(sample, fmt, Path(tmp)).items():
                target = GOLDEN / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    print(f"golden files rewritten in {GOLDEN}")
