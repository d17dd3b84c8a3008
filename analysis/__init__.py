"""reader-mood analysis: split captured news pages, read the mood of their reader comments.

The library is quiet (it never prints) and pure apart from `sources`, `store` and `cli`.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"
