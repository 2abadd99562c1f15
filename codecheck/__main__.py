"""Allow `python -m codecheck`."""

from codecheck.cli import main

main()
