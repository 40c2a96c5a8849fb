"""``python -m tooling.contracts [--check] [--out DIR]``: export the contract documents."""

from tooling.contracts.export import main

raise SystemExit(main())
