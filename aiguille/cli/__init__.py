"""The ``aiguille`` command.

``aiguille tour`` runs the guided tour (every section; ``aiguille tour NAME`` runs one,
``aiguille tour --list`` lists them).
"""

import argparse
import sys

__all__ = ["main"]


def _build_parser():
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="aiguille",
        description="aiguille: machine learning with scikit-learn's API, numba kernels, "
        "lazy and parallel computing.",
    )
    parser.add_argument("--version", action="version", version=f"aiguille {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    tour = sub.add_parser(
        "tour",
        help="run the guided tour on the shipped real datasets",
        description="Run the guided tour: every section, or the ones named.",
    )
    tour.add_argument("sections", nargs="*", metavar="NAME", help="sections to run (default: all)")
    tour.add_argument("--list", action="store_true", help="list the sections and exit")
    tour.add_argument("--out", metavar="DIR", help="write the tour's images and files to DIR")
    tour.set_defaults(func=_cmd_tour)
    return parser


def _cmd_tour(args):
    from ._tour import list_sections, run_sections

    if args.list:
        for name, title in list_sections():
            print(f"{name:<16} {title}")
        return 0
    return run_sections(args.sections, out=args.out)


def main(argv=None):
    """Entry point of the ``aiguille`` console command."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
