"""cli: the planwatch command, a thin layer over services and present."""
