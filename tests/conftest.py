import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("CODECHECK_TODAY", "2026-11-24")
