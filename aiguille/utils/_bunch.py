"""``Bunch``: a dict whose keys are also attributes (the datasets' return type)."""


class Bunch(dict):
    """Container object exposing keys as attributes.

    Examples
    --------
    >>> from aiguille.utils import Bunch
    >>> b = Bunch(a=1, b=2)
    >>> b.b
    2
    >>> b["a"] = 3
    >>> b.a
    3
    """

    def __init__(self, **kwargs):
        super().__init__(kwargs)

    def __setattr__(self, key, value):
        self[key] = value

    def __dir__(self):
        return list(self.keys())

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError as err:
            raise AttributeError(key) from err

    def __setstate__(self, state):
        pass
