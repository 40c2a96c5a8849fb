"""``python -m shared.contracts [--check] [--out DIR]``: export the contract documents."""

from shared.contracts.export import main

raise SystemExit(main())
