"""The small exception tree of reader-mood. The CLI turns any of these into one line and exit 2."""


class AnalysisError(Exception):
    """Base of every error reader-mood raises on purpose."""


class UnreadablePage(AnalysisError):
    """A file that cannot be read as a page: empty, binary, too large, undecodable."""


class NoPages(AnalysisError):
    """A path (usually a folder) that holds no readable page."""


class BadThemes(AnalysisError):
    """A themes TOML file that does not parse or does not have the expected shape."""


class BadLabels(AnalysisError):
    """A labels JSON file that does not parse or does not have the expected shape."""


class StoreError(AnalysisError):
    """The DuckDB store cannot be opened or written."""


class NotAStore(StoreError):
    """A file that cannot be a store at all (an SQLite database, a damaged header): trying
    again will not help."""
