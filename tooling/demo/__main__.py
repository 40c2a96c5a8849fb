"""``python -m tooling.demo``: load the demo data into running services."""

from __future__ import annotations

import argparse
import asyncio
import time

from shared.settings import DEFAULT_JWT_SECRET


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(prog="python -m tooling.demo", description=__doc__)
    add_arguments(parse)
    return parse


def add_arguments(parse: argparse.ArgumentParser) -> None:
    """The loader's options (shared with ``tdkt demo``)."""
    parse.add_argument("--registry", default="http://127.0.0.1:8001")
    parse.add_argument("--awards", default="http://127.0.0.1:8002")
    parse.add_argument("--reporting", default="http://127.0.0.1:8003")
    parse.add_argument(
        "--small",
        action="store_true",
        help="the seed agencies, 5 more departments of the 63 provinces and the 4 of the 34 "
        "they merge into (for tests)",
    )
    parse.add_argument("--seed", type=int, default=2016, help="random seed (default 2016)")
    parse.add_argument("--jwt-secret", default=DEFAULT_JWT_SECRET)
    parse.add_argument("--no-progress", action="store_true")
    parse.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="NAME=AGENCY[,AGENCY…]",
        help="as given to scripts/run: load these agencies on the province's own instance "
        "(its registry and awards on 8011/8012, the next province's on 8021/8022, …), the "
        "others on the national one (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    from tooling.demo.instances import load_across_instances
    from tooling.local_system import parse_provinces

    urls = {"registry": args.registry, "awards": args.awards, "reporting": args.reporting}
    try:
        provinces = [province.urls() for province in parse_provinces(args.province)]
    except ValueError as error:
        print(f"tdkt demo: {error}")
        return 2
    started = time.monotonic()
    sent = asyncio.run(
        load_across_instances(
            urls,
            provinces,
            small=args.small,
            seed=args.seed,
            secret=args.jwt_secret,
            show_progress=not args.no_progress,
            announce=print,
        )
    )
    print(f"demo data loaded: {sent} requests in {time.monotonic() - started:.1f}s")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
