"""Imported, for its effect, by the process the workers of a coverage are forked from (the
command itself, or multiprocessing's forkserver: services.workers): jieba's dictionary (70 MB
of Python objects) and the libraries of the analyses are loaded there once, and the workers
share them instead of each loading its own."""

import numpy  # noqa: F401 - loaded to be shared
import scipy.sparse  # noqa: F401

from planwatch.analyze.words import load_dictionary
from planwatch.services import analysis  # noqa: F401 - the workers' own functions

load_dictionary()
