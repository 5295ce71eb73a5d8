"""A user dictionary (jieba format) is read in a fresh process without error."""

import os
import subprocess
import sys


def test_search_with_a_user_dictionary_in_a_fresh_process(tmp_path):
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("新质生产力 99999\n天开园 n\n", encoding="utf-8")
    env = {**os.environ, "TANWEN_USERDICT": str(userdict), "TANWEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-P", "-m", "tanwen.tui.cli", "search", "天开园", "--limit", "1"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "天开园" in done.stdout and "error" not in done.stderr
