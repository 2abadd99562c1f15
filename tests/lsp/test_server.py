"""`codecheck lsp` end to end: a real LSP client (pytest-lsp) starts the server as an editor does, opens and
edits documents, and gets diagnostics at the right ranges, the rule on hover, suppressions as quick fixes,
the rule's file on request, and rule ids completed in suppression comments."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from helpers import CANCELLATION, PRICING, run_cli, write
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from codecheck.engine.rulebook import load_rules

SELECT = "select: [CC0902, CC00]\n"
"""The minimal documents leave out what other rules ask for; these tests follow one rule and the document checks."""
RULES = {rule.id: rule for rule in load_rules(())}


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    write(tmp_path / "policies" / "cancellation.yaml", CANCELLATION)
    write(tmp_path / "policies" / ".codecheck.yaml", SELECT)
    return tmp_path / "policies"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "codecheck", "lsp"]))
async def client(lsp_client: LanguageClient, policies: Path):
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=policies.parent.as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, path: Path, text: str) -> str:
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(path.as_uri(), "yaml", 1, text)))
    return path.as_uri()


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    whole = types.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version=version, uri=uri), [whole]))


Seen = list[tuple[str, int, int, int, int]]


async def diagnostics(client: LanguageClient, uri: str, wanted) -> Seen:
    """(code, start line, start character, end line, end character) of `uri`'s diagnostics once `wanted(them)`."""

    def seen() -> Seen:
        return [
            (str(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in client.diagnostics.get(uri, [])
        ]

    async def wait() -> Seen:
        while not (uri in client.diagnostics and wanted(seen())):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return seen()

    return await asyncio.wait_for(wait(), timeout=60)


@pytest.mark.asyncio
async def test_diagnostics_follow_the_edits_at_the_value_they_are_about(client: LanguageClient, policies: Path) -> None:
    uri = open_document(client, policies / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: 9"))
    assert await diagnostics(client, uri, bool) == [("CC0902", 5, 7, 5, 8)]
    change(client, uri, 2, CANCELLATION)
    assert await diagnostics(client, uri, lambda seen: seen == []) == []
    change(client, uri, 3, CANCELLATION.replace("steps: 2", "steps: many   # typed, not saved"))
    assert await diagnostics(client, uri, bool) == [("CC0012", 5, 7, 5, 11)]
    message = client.diagnostics[uri][0].message
    assert message.startswith("cancellation.steps: expected a whole number, found 'many'")
    assert (policies / "cancellation.yaml").read_text() == CANCELLATION  # nothing is written


@pytest.mark.asyncio
async def test_an_edit_in_one_document_reports_the_cross_document_finding_in_another(client: LanguageClient, policies: Path) -> None:
    # three steps to cancel: more than the button and confirmation CC0902 always accepts
    write(policies / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: 3"))
    pricing = open_document(client, policies / "pricing.yaml", PRICING.replace("steps: 2", "steps: 3"))
    cancellation = (policies / "cancellation.yaml").as_uri()  # not open: on disk
    await diagnostics(client, pricing, lambda seen: seen == [])
    change(client, pricing, 2, PRICING.replace("steps: 2", "steps: 1"))  # signing up gets shorter than cancelling
    assert await diagnostics(client, cancellation, bool) == [("CC0902", 5, 7, 5, 8)]
    change(client, pricing, 3, PRICING.replace("steps: 2", "steps: 3"))
    assert await diagnostics(client, cancellation, lambda seen: seen == []) == []


@pytest.mark.asyncio
async def test_a_fact_not_stated_is_a_hint_not_a_problem(client: LanguageClient, policies: Path) -> None:
    """A gap (CC0912 needs the notice period, the cut-off and the confirmation, none stated) is shown as the
    lowest class the protocol has, apart from errors and warnings; it once stopped the server (no severity for it)."""
    (policies / ".codecheck.yaml").write_text("select: [CC0912, CC00]\n")
    uri = open_document(client, policies / "cancellation.yaml", CANCELLATION)
    assert await diagnostics(client, uri, bool) == [("CC0912", 0, 0, 0, 9)] * 3
    shown = client.diagnostics[uri]
    assert {d.severity for d in shown} == {types.DiagnosticSeverity.Hint}
    assert shown[0].message.startswith("notice_period is not stated (")


@pytest.mark.asyncio
async def test_ranges_count_utf16_code_units_as_the_protocol_does(client: LanguageClient, policies: Path) -> None:
    text = CANCELLATION.replace("channels: [online, email]", 'channels: ["\U0001f600", fax]')
    uri = open_document(client, policies / "cancellation.yaml", text)
    line = text.splitlines()[4]
    start = line.index("fax") + 1  # the emoji is one character, two UTF-16 code units
    assert await diagnostics(client, uri, bool) == [("CC0012", 4, 11, 4, 15), ("CC0012", 4, start, 4, start + 3)]


@pytest.mark.asyncio
async def test_hover_explains_the_rule_of_the_finding_under_the_cursor(client: LanguageClient, policies: Path) -> None:
    uri = open_document(client, policies / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: 9"))
    await diagnostics(client, uri, bool)
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(5, 7)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    rule = RULES["CC0902"]
    assert hover.contents.value.startswith("cancelling takes 9 steps but signing up for a covered plan takes 2")
    assert f"**CC0902** {rule.title}" in hover.contents.value.replace("\\", "")
    assert "Tenet 9: Don't lock the door" in hover.contents.value.replace("\\", "")
    nothing = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0)))
    assert nothing is None


@pytest.mark.asyncio
async def test_the_quick_fix_inserts_a_suppression_whose_reason_is_still_to_write(client: LanguageClient, policies: Path) -> None:
    text = CANCELLATION.replace("steps: 2", "steps: 9")
    uri = open_document(client, policies / "cancellation.yaml", text)
    await diagnostics(client, uri, bool)
    found = list(client.diagnostics[uri])
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), found[0].range, types.CodeActionContext(diagnostics=found))
    )
    assert [a.title for a in actions] == ["Suppress CC0902 on this line (then write the reason)", "Open the rule CC0902"]
    edit = actions[0].edit.changes[uri][0]
    assert (edit.range.start.line, edit.range.start.character, edit.new_text) == (5, 8, '  # codecheck: ignore[CC0902] reason=""')
    lines = text.splitlines(keepends=True)
    lines[5] = lines[5][:8] + edit.new_text + lines[5][8:]
    change(client, uri, 2, "".join(lines))
    reasonless = await diagnostics(client, uri, lambda seen: len(seen) == 2)
    assert reasonless == [("CC0902", 5, 7, 5, 8), ("CC0020", 5, 10, 5, 47)]  # no reason: it silences nothing yet
    change(client, uri, 3, "".join(lines).replace('reason=""', 'reason="the bank requires an identity check"'))
    assert await diagnostics(client, uri, lambda seen: seen == []) == []


@pytest.mark.asyncio
async def test_open_the_rule_shows_its_file(client: LanguageClient, policies: Path) -> None:
    uri = open_document(client, policies / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: 9"))
    await diagnostics(client, uri, bool)
    await client.workspace_execute_command_async(types.ExecuteCommandParams(command="codecheck.openRule", arguments=["CC0902"]))
    assert [d.uri for d in client.shown_documents] == [Path(RULES["CC0902"].source).as_uri()]


@pytest.mark.asyncio
async def test_rule_ids_complete_in_a_suppression_comment(client: LanguageClient, policies: Path) -> None:
    text = CANCELLATION.replace("steps: 2", "steps: 9  # codecheck: ignore[CC09")
    uri = open_document(client, policies / "cancellation.yaml", text)
    end = len(text.splitlines()[5])
    result = await client.text_document_completion_async(types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(5, end)))
    labels = [item.label for item in result.items]
    assert labels == sorted(rule_id for rule_id in RULES if rule_id.startswith("CC09"))
    item = next(i for i in result.items if i.label == "CC0902")
    assert item.detail == RULES["CC0902"].title
    assert (item.text_edit.range.start.character, item.text_edit.range.end.character) == (end - 4, end)
    outside = await client.text_document_completion_async(types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(5, 3)))
    assert list(outside.items) == []


@pytest.mark.asyncio
async def test_a_broken_config_is_said_once_and_the_server_goes_on(client: LanguageClient, policies: Path) -> None:
    write(policies / ".codecheck.yaml", "fail_on: sometimes\n")
    uri = open_document(client, policies / "cancellation.yaml", CANCELLATION)
    await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert [m.message for m in client.messages] == [
        f"codecheck: {policies / '.codecheck.yaml'}:1:1: fail_on: 'sometimes' is not one of: error, warning, info, never"
    ]
    write(policies / ".codecheck.yaml", SELECT)
    change(client, uri, 2, CANCELLATION.replace("steps: 2", "steps: 9"))
    assert await diagnostics(client, uri, bool) == [("CC0902", 5, 7, 5, 8)]


def test_without_the_lsp_extra_the_command_says_how_to_install_it(monkeypatch, capsys) -> None:
    for name in [m for m in sys.modules if m.startswith(("codecheck.lsp", "pygls"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pygls", None)  # import pygls fails, as where the extra is not installed
    assert run_cli(monkeypatch, capsys, "lsp") == (
        2,
        "",
        "codecheck: error: the language server needs pygls: pip install 'codecheck-policy[lsp]'\n",
    )
