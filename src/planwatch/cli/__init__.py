"""cli: the planwatch command, a thin layer over services and present."""

import gc

# A command builds most of its objects to keep them to its end (its imports, a comparison's
# 22,000 rows): the collector's default, a collection every 700 new objects, each one
# traversing more of them, costs a short command a tenth of its time. Cycles are still
# collected, every 20,000 new objects.
gc.set_threshold(20_000, 10, 10)
