"""The ``tdkt`` command line: parsing, tokens and the dead-letter replay's header handling."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from shared.auth import verify_token
from shared.settings import DEFAULT_JWT_SECRET
from tooling.cli import build_parser, export_url, lag_lines, main, make_token, replay_headers
from tooling.demo import seeds
from tooling.demo.loader import agencies, idempotency_key


def test_subcommands_parse_with_default_urls() -> None:
    args = build_parser().parse_args(["export", "0601.N", "--year", "2020", "--agency", "01"])
    assert (args.command, args.form, args.year, args.format) == ("export", "0601.N", 2020, "xlsx")
    assert export_url(args) == "http://127.0.0.1:8003/v1/exports/0601.N.xlsx"
    args = build_parser().parse_args(
        ["--awards", "http://x:1", "import", "decisions", "f.csv", "--agency", "01"]
    )
    assert (args.kind, args.awards, args.agency) == ("decisions", "http://x:1", "01")
    assert build_parser().parse_args(["replay-dlq", "--group", "g"]).prefix == "tdkt"
    assert build_parser().parse_args(["run", "--no-demo"]).no_demo


def test_a_missing_subcommand_is_an_error() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args([])


def test_a_minted_token_verifies_with_the_development_secret() -> None:
    args = build_parser().parse_args(["token", "--agency", "01", "--role", "analyst"])
    principal = verify_token(SecretStr(DEFAULT_JWT_SECRET), make_token(args), "tdkt")
    assert (principal.agency, principal.roles) == ("01", frozenset({"analyst"}))
    default = build_parser().parse_args(["token", "--agency", "06"])
    assert verify_token(SecretStr(DEFAULT_JWT_SECRET), make_token(default), "tdkt").roles == {
        "officer"
    }


def test_token_prints(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "--agency", "01"]) == 0
    assert capsys.readouterr().out.count(".") == 2


def test_replay_strips_the_dead_letter_headers_and_finds_the_source() -> None:
    headers = [
        ("event_type", b"AwardGranted"),
        ("dlq.reason", b"boom"),
        ("dlq.source_topic", b"tdkt.awards.events"),
        ("agency", b"01"),
        ("dlq.source_offset", b"7"),
    ]
    assert replay_headers(headers) == (
        "tdkt.awards.events",
        [("event_type", b"AwardGranted"), ("agency", b"01")],
    )
    assert replay_headers([("a", b"1")]) == (None, [("a", b"1")])


def test_lag_lines_keep_the_tdkt_lag_gauges() -> None:
    page = "\n".join(
        [
            "# HELP tdkt_consumer_lag lag",
            'tdkt_consumer_lag{topic="t"} 3.0',
            "tdkt_relay_lag 0.0",
            "tdkt_projection_checkpoint_age_seconds 1.5",
            'tdkt_consumer_dead_letters_total{consumer="p",error_type="RefusedEvent"} 2.0',
            'tdkt_consumer_applied_total{consumer="p"} 9.0',
            'tdkt_reporting_unregistered_agencies{agency="ZZ"} 1.0',
            'tdkt_event_store_head{topic="t"} 7.0',
            "python_gc_objects_collected_total 1",
        ]
    )
    assert lag_lines(page) == [
        'tdkt_consumer_lag{topic="t"} 3.0',
        "tdkt_relay_lag 0.0",
        "tdkt_projection_checkpoint_age_seconds 1.5",
        'tdkt_consumer_dead_letters_total{consumer="p",error_type="RefusedEvent"} 2.0',
        'tdkt_reporting_unregistered_agencies{agency="ZZ"} 1.0',
    ]


def test_demo_agencies_and_keys_are_deterministic() -> None:
    full = agencies()
    assert len([a for a in full if a.province_list == "63"]) == 63
    assert len([a for a in full if a.province_list == "34"]) == 34 - 11  # the 11 unchanged continue
    assert {a.code for a in agencies(small=True)} >= {"01", "06", "42", "BCT-CTDP"}
    assert idempotency_key("registry", "unit", "01", "x") == idempotency_key(
        "registry", "unit", "01", "x"
    )
    assert seeds.single_year_counts(seeds.HA_NOI_BATCHES, 2016, 2020)["LDTT"] == 481
    assert b"01-member-001" in seeds.to_csv(seeds.seed_rows("01", seeds.HA_NOI_BATCHES))
