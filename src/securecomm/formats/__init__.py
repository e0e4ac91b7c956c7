"""File formats people exchange: ANSI/NIST-ITL 1-2011 transactions, EBTS rules, ISO/IEC 19794-2 templates.

Everything here is a pure function over bytes and values (no file I/O): the command line and the
services read and write the files. Import from the module that owns a name (this package re-exports
nothing, so that reading a minutiae record does not load NumPy, Pillow and the WSQ codec):

* `reader.parse_transaction(data, source=...)`, `writer.write_transaction(t)`: traditional encoding;
* `checks.check_transaction(t)`: the ANSI/NIST-ITL rules as a list of `errors.Problem`;
* `images.decode_image(t, index)`, `images.finger_images(t)`, `images.encode_wsq(pixels)`;
* `ebts.build_car(booking, fingers)`, `ebts.validate_car(t)`, `ebts.check_car(t)`: the EBTS CAR profile;
* `iso19794_2.encode_iso19794_2(record)`, `iso19794_2.decode_iso19794_2(data, source=...)`;
* `summary.summarise(t)`: a JSON-ready description (never image bytes).
"""
