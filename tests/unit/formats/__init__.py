"""Tests of securecomm.formats (a package so that test module names stay unique)."""
