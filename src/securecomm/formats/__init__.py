"""File formats people exchange: ANSI/NIST-ITL 1-2011 transactions, EBTS rules, ISO/IEC 19794-2 templates.

Everything here is a pure function over bytes and values (no file I/O): the command line and the
services read and write the files.
"""
