"""The exported schemas in a real editor: Red Hat's YAML language server (what VS Code's YAML extension
runs) on a policy set written by `codecheck init`, driven over LSP by pytest-lsp.

It checks what a policy author sees: no complaint about a valid starter file,
an error at the right place as soon as a value is wrong, the field's
description on hover, and completion of the fields of the document's kind.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities, make_test_lsp_client

from codecheck.cli.init import init
from codecheck.documents.kinds import KINDS, schema

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "node_modules" / ".bin" / "yaml-language-server"
SETTINGS = {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}}
"""No schema store: the test never reaches the network, and only the modeline's schema applies."""

def vscode_like_client() -> LanguageClient:
    """pytest-lsp's client, answering the two things yaml-language-server sends VS Code besides diagnostics."""
    client = make_test_lsp_client()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(_params: types.RegistrationParams) -> None:
        return None

    @client.feature(types.TELEMETRY_EVENT)
    def telemetry(_params: object) -> None:
        return None

    return client


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[str(SERVER), "--stdio"], client_factory=vscode_like_client))
async def client(lsp_client: LanguageClient, policies: Path, editor_settings: dict):
    """An editor with the repository holding `policies/` open as its workspace."""
    workspace = policies.parent.as_uri()
    lsp_client.set_configuration(editor_settings)
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=workspace,
        workspace_folders=[types.WorkspaceFolder(uri=workspace, name="repository")],
    )
    await lsp_client.initialize_session(params)
    lsp_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=editor_settings))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def editor_settings(request: pytest.FixtureRequest) -> dict:
    return getattr(request, "param", SETTINGS)


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    """What `codecheck init policies` writes: the starter files, their modelines, and schemas/."""
    init(str(tmp_path / "policies"), ["EU"])
    return tmp_path / "policies"


def open_document(client: LanguageClient, path: Path, text: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
    return uri


def change_document(client: LanguageClient, uri: str, version: int, text: str) -> None:
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change])
    )


async def diagnostics_until(client: LanguageClient, uri: str, done) -> list[tuple[int, int, str]]:
    """The server's diagnostics for `uri` once `done(them)` holds; the server publishes more than once."""
    async def wait() -> list[tuple[int, int, str]]:
        while True:
            found = [(d.range.start.line, d.range.start.character, d.message) for d in client.diagnostics.get(uri, [])]
            if uri in client.diagnostics and done(found):
                return found
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout=60)


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines()) if line.startswith(start))


@pytest.mark.asyncio
async def test_a_starter_file_is_valid_and_a_wrong_value_is_flagged_where_it_is(client: LanguageClient, policies: Path) -> None:
    path = policies / "cancellation.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_document(client, path, text)
    assert await diagnostics_until(client, uri, lambda found: True) == []
    change_document(client, uri, 2, text.replace("\nsteps: 2", "\nsteps: many"))
    found = await diagnostics_until(client, uri, lambda found: found != [])
    assert found == [(line_of(text, "steps:"), 7, 'Incorrect type. Expected "integer".')]


@pytest.mark.asyncio
async def test_hover_shows_the_description_of_the_field_from_the_kinds_schema(client: LanguageClient, policies: Path) -> None:
    path = policies / "cancellation.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_document(client, path, text)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line_of(text, "steps:"), 2))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert schema("cancellation")["properties"]["steps"]["description"] in hover.contents.value


@pytest.mark.asyncio
async def test_completion_offers_the_fields_of_the_documents_kind(client: LanguageClient, policies: Path) -> None:
    path = policies / "cancellation.yaml"
    text = path.read_text(encoding="utf-8") + "\ncovers_p\n"
    uri = open_document(client, path, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(len(text.splitlines()) - 1, 5))
    )
    items = result.items if isinstance(result, types.CompletionList) else result or []
    labels = {item.label for item in items}
    assert "covers_plans" in labels  # a cancellation field not yet in the file
    assert "plans" not in labels  # a pricing field: the kind selected the schema


@pytest.mark.asyncio
async def test_completion_of_kind_offers_every_kind(client: LanguageClient, policies: Path) -> None:
    path = policies / "new.yaml"
    text = "# yaml-language-server: $schema=schemas/codecheck.schema.json\ncodecheck: 1\nkind: \n"
    uri = open_document(client, path, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(2, 6))
    )
    items = result.items if isinstance(result, types.CompletionList) else result or []
    assert sorted(item.label for item in items) == sorted(KINDS)


@pytest.mark.asyncio
async def test_each_document_of_a_file_is_checked_against_its_own_kind(client: LanguageClient, policies: Path) -> None:
    pricing = (policies / "pricing.yaml").read_text(encoding="utf-8")
    cancellation = (policies / "cancellation.yaml").read_text(encoding="utf-8")
    text = pricing + "---\n" + cancellation.replace("\nsteps: 2", "\nsteps: many")
    uri = open_document(client, policies / "both.yaml", text)
    found = await diagnostics_until(client, uri, lambda found: found != [])
    assert found == [(line_of(text, "steps: many"), 7, 'Incorrect type. Expected "integer".')]


MAPPED = {"yaml": {**SETTINGS["yaml"], "schemas": {"./policies/schemas/codecheck.schema.json": ["policies/**/*.yaml"]}}}
"""The `.vscode/settings.json` mapping of docs/editors.md, for files without the modeline."""


@pytest.mark.parametrize("editor_settings", [MAPPED], indirect=True)
@pytest.mark.asyncio
async def test_the_settings_mapping_of_the_docs_applies_the_schema_without_a_modeline(
    client: LanguageClient, policies: Path, editor_settings: dict
) -> None:
    text = (policies / "cancellation.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    assert "yaml-language-server" not in text
    uri = open_document(client, policies / "legacy" / "cancellation.yaml", text.replace("\nsteps: 2", "\nsteps: many"))
    found = await diagnostics_until(client, uri, lambda found: found != [])
    assert found == [(line_of(text, "steps:"), 7, 'Incorrect type. Expected "integer".')]
