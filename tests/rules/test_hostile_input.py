"""Hostile input to `voorrang rank` and `voorrang label`: exit 0 with JSON, or exit 2 with
exactly one line on stderr. Never a traceback, never another exit code."""

from __future__ import annotations

import copy
import gc
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rules.factories import CandidateFactory, scenario
from voorrang import cli
from voorrang.rules import InvalidInput, load_json, rank_document

SCENARIOS = Path(__file__).resolve().parents[1] / "data" / "scenarios"
COMMANDS = ("rank", "label")


def run_in_process(command: str, data: bytes) -> tuple[int, bytes, bytes]:
    """Run the command as the console script would, with `data` on stdin."""
    stdin, stdout, stderr = sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(data))
    fake_stdout = io.TextIOWrapper(out, encoding="utf-8")
    # The same error handler as a real stderr, so a bad message is seen as it would print.
    fake_stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace")
    sys.stdin, sys.stdout, sys.stderr = fake_stdin, fake_stdout, fake_stderr
    try:
        code = cli.main([command, "-"])
        fake_stdout.flush()
        fake_stderr.flush()
        return code, out.getvalue(), err.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        gc.enable()  # the command turns the collector off for its short life


def run_in_subprocess(command: str, data: bytes) -> tuple[int, bytes, bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "voorrang.cli", command, "-"],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def assert_answered(code: int, out: bytes, err: bytes) -> None:
    """The contract: valid JSON on stdout and exit 0, or one line on stderr and exit 2."""
    if code == 0:
        json.loads(out.decode("utf-8"))
        assert out.endswith(b"\n") and out.count(b"\n") == 1
    else:
        assert code == 2, err.decode("utf-8", "replace")
        assert out == b""
        text = err.decode("utf-8")
        assert text.endswith("\n") and text.count("\n") == 1, text
        assert "Traceback" not in text and "invalid input: " in text, text


def valid_rank_document() -> dict[str, Any]:
    return scenario([CandidateFactory(id="S-1"), CandidateFactory(id="S-2")])


HOSTILE = {
    "nesting 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "objects nested 100,000 deep": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "an integer of 5,000 digits": b'{"policy": ' + b"9" * 5000 + b"}",
    "a negative integer of 5,000 digits": b'{"cap": -' + b"9" * 5000 + b"}",
    "a lone surrogate": b'{"policy": "\\ud800"}',
    "a lone low surrogate in a key": b'{"\\udc00": 1}',
    "a lone surrogate in a candidate id": json.dumps(
        valid_rank_document() | {"candidates": [CandidateFactory(id="\ud800")]}
    ).encode(),
    "an empty input": b"",
    "only white space": b" \n\t ",
    "invalid UTF-8": b'{"policy": "\xc3\x28"}',
    "a byte order mark only": b"\xef\xbb\xbf",
    "UTF-16 with its byte order mark": '{"policy": "x"}'.encode("utf-16"),
    "NaN": b'{"share": NaN}',
    "-Infinity": b'{"share": -Infinity}',
    "a float overflowing to infinity": b'{"share": 1e999, "cap": 1e999}',
    "a key with a line break": b'{"a\\nb": 1}',
    "a key with a carriage return and a NUL": b'{"a\\r\\u0000b": 1}',
    "a key with a line separator": b'{"a\\u2028b": 1}',
    "a huge string": b'{"policy": "' + b"x" * 5_000_000 + b'"}',
    "a top-level string": b'"rank me"',
    "a top-level number": b"42",
    "null": b"null",
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_document_is_refused_on_one_line(command: str, data: bytes) -> None:
    code, out, err = run_in_process(command, data)
    assert_answered(code, out, err)
    assert code == 2


@pytest.mark.parametrize(
    "data",
    [
        HOSTILE["nesting 100,000 deep"],
        HOSTILE["an integer of 5,000 digits"],
        HOSTILE["a lone surrogate in a candidate id"],
    ],
    ids=["deep", "digits", "surrogate"],
)
def test_the_real_command_refuses_hostile_documents_with_exit_2(data: bytes) -> None:
    code, out, err = run_in_subprocess("rank", data)
    assert_answered(code, out, err)
    assert code == 2


def test_deep_nesting_is_named_as_the_problem() -> None:
    with pytest.raises(InvalidInput, match="nested too deeply"):
        load_json(HOSTILE["nesting 100,000 deep"])


def test_an_integer_with_too_many_digits_is_named_without_a_python_hint() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_json(HOSTILE["an integer of 5,000 digits"])
    assert "too many digits" in caught.value.message
    assert "sys.set_int_max_str_digits" not in caught.value.message


def test_a_lone_surrogate_is_refused_with_its_path() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_json(HOSTILE["a lone surrogate in a candidate id"])
    assert caught.value.field == "candidates[0].id"
    assert "surrogate" in caught.value.problem


def test_a_proper_surrogate_pair_is_an_ordinary_character() -> None:
    document = valid_rank_document()
    document["candidates"][0]["id"] = "S-\U0001f3e0"
    text = json.dumps(document)  # ensure_ascii writes the pair as two escapes
    assert "\\ud83c\\udfe0" in text
    ranking = rank_document(load_json(text))
    assert "S-\U0001f3e0" in [entry.candidate for entry in ranking.ranking]


def test_an_escaped_backslash_before_u_is_not_taken_for_a_surrogate() -> None:
    assert load_json(b'{"a": "\\\\ud800"}') == {"a": "\\ud800"}


def test_a_key_with_a_line_break_is_shown_escaped() -> None:
    document = valid_rank_document()
    document["candidates"][0]["lo\ncal"] = True
    with pytest.raises(InvalidInput) as caught:
        rank_document(document)
    assert "\n" not in caught.value.message
    assert "lo\\ncal" in caught.value.field


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["candidates"][0].update(household_size=2.0), "household_size", "whole"),
        (lambda d: d["candidates"][0].update(household_size=-3), "household_size", "at least 1"),
        (lambda d: d["candidates"][0].update(income=-0.01), "income", "negative"),
        (lambda d: d["candidates"][0].update(income=float("inf")), "income", "finite"),
        (lambda d: d["vacancy"]["unit"].update(rooms=1.5), "rooms", "whole"),
        (lambda d: d["vacancy"]["unit"].update(rooms=-1), "rooms", "at least 1"),
        (lambda d: d["policy"].update(pension_age=67.5), "pension_age", "whole"),
    ],
)
def test_floats_and_negative_numbers_where_they_do_not_belong(change, field, words) -> None:
    document = valid_rank_document()
    change(document)
    with pytest.raises(InvalidInput) as caught:
        rank_document(document)
    assert caught.value.field.endswith(field) and words in caught.value.problem


def test_a_byte_order_mark_before_a_valid_document_is_allowed() -> None:
    data = b"\xef\xbb\xbf" + json.dumps(valid_rank_document()).encode()
    code, out, err = run_in_process("rank", data)
    assert_answered(code, out, err)
    assert code == 0


def shipped_documents() -> list[tuple[str, Any]]:
    documents = []
    for command in COMMANDS:
        for path in sorted((SCENARIOS / command).glob("*.json")):
            if not path.name.endswith(".expected.json"):
                documents.append((command, json.loads(path.read_bytes())))
    return documents


SHIPPED = shipped_documents()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["2026-02-30", "2026-03-15", "1/4", "-1", "712.40", "", " ", "\ud800"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutated_scenarios(draw: st.DrawFn) -> tuple[str, bytes]:
    """A shipped scenario with a few of its values replaced, removed or added."""
    command, original = draw(st.sampled_from(SHIPPED))
    document = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 3))):
        node = document
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            child = node[draw(st.sampled_from(keys))]
            if not isinstance(child, dict | list):
                break
            node = child
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(list(node)))
            action = draw(st.sampled_from(["replace", "remove", "add"]))
            if action == "replace":
                node[key] = draw(json_values)
            elif action == "remove":
                del node[key]
            else:
                node[draw(st.text(max_size=12))] = draw(json_values)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(json_values)
    text = json.dumps(document, allow_nan=True)
    return command, text.encode("utf-8", "surrogatepass")


HYPOTHESIS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(command=st.sampled_from(COMMANDS), data=st.binary(max_size=300))
def test_arbitrary_bytes_get_an_answer(command: str, data: bytes) -> None:
    assert_answered(*run_in_process(command, data))


@HYPOTHESIS
@given(command=st.sampled_from(COMMANDS), text=st.text(max_size=300))
def test_arbitrary_text_gets_an_answer(command: str, text: str) -> None:
    assert_answered(*run_in_process(command, text.encode("utf-8", "surrogatepass")))


@HYPOTHESIS
@given(command=st.sampled_from(COMMANDS), value=json_values)
def test_arbitrary_json_gets_an_answer(command: str, value: Any) -> None:
    data = json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")
    assert_answered(*run_in_process(command, data))


@HYPOTHESIS
@given(case=mutated_scenarios())
def test_mutated_shipped_scenarios_get_an_answer(case: tuple[str, bytes]) -> None:
    assert_answered(*run_in_process(*case))


def test_a_lone_surrogate_in_text_handed_over_as_a_string_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_json('{"vacancy": {"id": "V-\ud800"}}')
    assert caught.value.field == "vacancy.id"
