"""securecomm: a reference implementation of Secure Communities and its civil-rights safeguards.

For study, training, audit and simulation only: synthetic people, no connection to any government system.
"""

__version__ = "0.1.0"
