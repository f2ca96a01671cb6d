"""Entry point of `make bench`; the benchmark itself lands with the "Speed at scale" issue."""

import sys

if __name__ == "__main__":
    sys.stderr.write(
        "Le benchmark n'est pas encore livré (issue « Speed at scale ») : voir bench/README.md.\n"
    )
    sys.exit(1)
