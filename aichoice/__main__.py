"""`python -m aichoice` runs the CLI."""

from aichoice.cli import main

main()
