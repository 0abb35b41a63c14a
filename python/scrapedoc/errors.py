"""scrapedoc.Error: input that cannot be converted, or a bad argument."""


class Error(ValueError):
    """An input that could not be read (empty, too large, not in the format
    asked for) or an output format that does not exist.

    ``file`` is the input's name (``"-"`` when it has none), ``line`` the
    1-based input line when the reader knows it (else None), ``message``
    the reason alone. ``str(error)`` is the command line's one-line report,
    ``file[:line]: message``.
    """

    def __init__(self, message, file="-", line=None):
        # The three arguments stay in .args, so an Error pickles (a Dask
        # worker sends it back to the client).
        super().__init__(message, file, line)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self):
        where = self.file if self.line is None else "%s:%d" % (self.file, self.line)
        return "%s: %s" % (where, self.message)
