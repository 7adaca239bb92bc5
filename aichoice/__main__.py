"""`python -m aichoice` runs the CLI."""

from aichoice.exits import main

main()
