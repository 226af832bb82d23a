"""`python -m fazhi_draft` is the same as the `fazhi-draft` command."""

import sys

from fazhi_draft.cli import main

if __name__ == "__main__":
    sys.exit(main())
