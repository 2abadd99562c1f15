"""`codecheck lsp`: the language server, so that an editor shows codecheck's findings while a policy is written.

It runs the same pipeline as `codecheck lint` over the policy set of each open
document: the open documents as the editor holds them (saved or not), the
other files as they are on disk (workspace.py). The protocol (pygls) is
imported only here, and pygls is the optional extra `codecheck-policy[lsp]`:
CI, the pre-commit hook and the GitHub Action never need it.
"""
