"""The `vidforensics` command line: a thin layer over the library (which never imports it)."""
