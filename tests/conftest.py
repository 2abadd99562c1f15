import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("CODECHECK_TODAY", "2026-11-24")
os.environ["CODECHECK_CACHE_DIR"] = ""  # no cache but in the tests of the cache: nothing written into the home folder
