# Sourced by scripts/run and scripts/test: puts uv on PATH, installing it on a fresh machine,
# and lets Python keep its bytecode caches.
# A Python that refuses `pip install` (externally managed, e.g. Debian's) is never touched:
# uv goes into a private virtual environment in the cache, outside the work tree.
tdkt_cache="${TDKT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tdkt}"
if ! command -v uv >/dev/null 2>&1; then
  if [ ! -x "$tdkt_cache/uv-venv/bin/uv" ]; then
    echo "installing uv into $tdkt_cache/uv-venv"
    rm -rf "$tdkt_cache/uv-venv"
    mkdir -p "$tdkt_cache"
    python3 -m venv "$tdkt_cache/uv-venv"
    "$tdkt_cache/uv-venv/bin/python" -m pip install --quiet --disable-pip-version-check "uv>=0.5"
  fi
  export PATH="$tdkt_cache/uv-venv/bin:$PATH"
fi

# A machine that sets PYTHONDONTWRITEBYTECODE (this one does) has every Python process compile
# each module it imports from source: about 2 s of CPU for a service process, paid again
# by every process a test run or the local run starts. The caches go to __pycache__ (ignored by
# git) and to the project's .venv.
unset PYTHONDONTWRITEBYTECODE
