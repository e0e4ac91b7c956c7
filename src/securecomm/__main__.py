"""`python -m securecomm` is the same as the `securecomm` command."""

from securecomm.cli import main

main()
