"""The MODDING.md tutorial's patch is a real mod: copied out of the page, it validates."""

from __future__ import annotations

import re

from game.paths import PROJECT_ROOT
from game.scenario.validate import validate_paths

DOC = PROJECT_ROOT / "docs" / "MODDING.md"


def test_the_tutorial_patch_validates(tmp_path, capsys):
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### 4. Make a patch mod", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    assert "remove: [r_choibalsan_detachment]" in block  # the example this test is about
    folder = tmp_path / "my_mod"
    folder.mkdir()
    (folder / "mod.yaml").write_text(block, encoding="utf-8")
    assert validate_paths([str(folder)]) == 0, capsys.readouterr().out
