"""The command line: click commands that read options, call the pipeline, write the output, return an exit code.

The only package that writes files (output.py, init.py) and the one error
boundary (app.main). Nothing below it imports it.
"""

from codecheck.cli.app import main

__all__ = ["main"]
