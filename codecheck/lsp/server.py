"""The language server: keeps the open documents, checks their policy sets, answers the editor.

An edit is checked after a short pause (DEBOUNCE), so a burst of keystrokes
costs one check; the set's diagnostics are then published for every file of
the set, open or not, because a cross-document rule can move a finding into a
file the author is not looking at. A file whose findings have not changed is
not sent again. Nothing here writes a file.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from codecheck import __version__
from codecheck.errors import UsageError
from codecheck.lsp import features
from codecheck.lsp.spans import lines
from codecheck.lsp.workspace import SetResult, Workspace
from codecheck.model import Finding, Rule
from codecheck.settings.config import DEFAULTS

DEBOUNCE = 0.15
"""Seconds of quiet after an edit before the set is checked."""

logger = logging.getLogger(__name__)


class CodecheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("codecheck", __version__)
        self.sets = Workspace()
        self.results: dict[str, SetResult] = {}
        self.published: dict[str, list[types.Diagnostic]] = {}
        self.shown: dict[str, list[tuple[types.Diagnostic, Finding]]] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.last_error = ""

    def edited(self, uri: str, delay: float = DEBOUNCE) -> None:
        """Note the editor's text of `uri` and check its policy set once the edits pause."""
        path = _path(uri)
        if path is None:
            return
        self.sets.open[path] = self.workspace.get_text_document(uri).source
        self.schedule(self.sets.root_of(path), delay)

    def closed(self, uri: str) -> None:
        path = _path(uri)
        if path is not None and self.sets.open.pop(path, None) is not None:
            self.schedule(self.sets.root_of(path), 0.0)  # the file on disk counts again

    def schedule(self, root: str, delay: float) -> None:
        pending = self.pending.pop(root, None)
        if pending is not None:
            pending.cancel()
        self.pending[root] = asyncio.get_running_loop().call_later(delay, self.check, root)

    def check(self, root: str) -> None:
        """Check the set under `root` and publish what changed; a problem is shown, never raised."""
        self.pending.pop(root, None)
        try:
            result = self.sets.check(root)
        except UsageError as error:  # a broken config or rule pack: what `codecheck lint` says, exit 2
            self.tell(f"codecheck: {error}")
            return
        except Exception as error:  # the server must outlive a bug
            logger.exception("checking %s", root)
            self.tell(f"codecheck: internal error: {type(error).__name__}: {error}")
            return
        self.last_error = ""
        self.publish(result)

    def tell(self, message: str) -> None:
        if message != self.last_error:  # once, not at every keystroke
            self.last_error = message
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))

    def publish(self, result: SetResult) -> None:
        previous = self.results.get(result.root)
        self.results[result.root] = result
        rules = {rule.id: rule for rule in result.rulebook}
        uris = {Path(path).as_uri(): path for path in result.findings}
        if previous is not None:  # files that left the set lose their diagnostics
            uris.update({Path(p).as_uri(): p for p in previous.findings if Path(p).as_uri() not in uris})
        codec = self.workspace.position_codec
        for uri, path in uris.items():
            text = lines(result.texts.get(path, ""))
            pairs = [(features.diagnostic(f, text, codec, rules.get(f.rule_id)), f) for f in result.findings.get(path, [])]
            diagnostics = [d for d, _ in pairs]
            self.shown[uri] = pairs
            if self.published.get(uri) == diagnostics:
                continue  # unchanged since last sent (the first check sends every file, empty or not)
            self.published[uri] = diagnostics
            document = self.workspace.text_documents.get(uri)
            version = document.version if document is not None else None
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics, version))

    def rulebook_for(self, uri: str) -> tuple[Rule, ...]:
        """The rulebook of the set `uri` is in, as last checked; the built-in one before the first check."""
        path = _path(uri)
        result = self.results.get(self.sets.root_of(path)) if path is not None else None
        return result.rulebook if result is not None else self.sets.rulebook(DEFAULTS)


def _path(uri: str) -> str | None:
    """The file an editor's document is, for `file:` documents (an unsaved `untitled:` one is no policy file)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return os.path.abspath(path) if path else None


server = CodecheckServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CodecheckServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.edited(params.text_document.uri, delay=0.0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CodecheckServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.edited(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: CodecheckServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.edited(params.text_document.uri, delay=0.0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CodecheckServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.closed(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: CodecheckServer, params: types.HoverParams) -> types.Hover | None:
    """The explanation of the rules whose findings are under the cursor, or of the rule id under it in a suppression."""
    uri, at = params.text_document.uri, params.position
    rulebook = ls.rulebook_for(uri)
    found = [(d, f) for d, f in ls.shown.get(uri, []) if _contains(d.range, at)]
    texts = [f"{features.escape(f.message)}\n\n{features.explanation(f.rule_id, rulebook) or ''}" for _, f in found]
    if not texts:
        document = ls.workspace.get_text_document(uri)
        line = document.lines[at.line] if at.line < len(document.lines) else ""
        column = ls.workspace.position_codec.position_from_client_units(document.lines, at).character
        rule_id = features.rule_id_at(line.rstrip("\r\n"), column)
        text = features.explanation(rule_id, rulebook) if rule_id else None
        texts = [text] if text else []
    if not texts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(texts)))


def _contains(span: types.Range, at: types.Position) -> bool:
    return (span.start.line, span.start.character) <= (at.line, at.character) <= (span.end.line, span.end.character)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
)
def code_action(ls: CodecheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """For each codecheck diagnostic: insert a suppression with a reason to write, and open the rule."""
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    codec = ls.workspace.position_codec
    rules = {rule.id: rule for rule in ls.rulebook_for(uri)}
    actions: list[types.CodeAction] = []
    for diagnostic in params.context.diagnostics:
        rule_id = str(diagnostic.code or "")
        if diagnostic.source != features.SOURCE or rule_id not in rules:
            continue  # document checks (CC00xx) are fixed, not suppressed
        line = diagnostic.range.start.line
        text = document.lines[line].rstrip("\r\n") if line < len(document.lines) else ""
        edit = features.suppression_edit(line, text, rule_id, codec, document.lines)
        actions.append(
            types.CodeAction(
                title=f"Suppress {rule_id} on this line (then write the reason)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [edit]}),
            )
        )
        if rules[rule_id].source:
            command = types.Command(title=f"Open the rule {rule_id}", command=features.OPEN_RULE, arguments=[rule_id])
            actions.append(types.CodeAction(title=command.title, kind=types.CodeActionKind.QuickFix, command=command))
    return actions


@server.command(features.OPEN_RULE)
def open_rule(ls: CodecheckServer, rule_id: str) -> None:
    """Show the rule's YAML file: its docs, its examples and its references are there."""
    for result in ls.results.values():
        for rule in result.rulebook:
            if rule.id == rule_id and rule.source:
                ls.window_show_document(types.ShowDocumentParams(uri=Path(rule.source).as_uri(), take_focus=True))
                return


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["[", ",", " "]))
def completion(ls: CodecheckServer, params: types.CompletionParams) -> types.CompletionList:
    """Rule ids inside `# codecheck: ignore[...]`."""
    document = ls.workspace.get_text_document(params.text_document.uri)
    at = params.position
    line = document.lines[at.line] if at.line < len(document.lines) else ""
    column = ls.workspace.position_codec.position_from_client_units(document.lines, at).character
    items = features.completions(line[:column], ls.rulebook_for(params.text_document.uri), at.line, at.character)
    return types.CompletionList(is_incomplete=False, items=items)

