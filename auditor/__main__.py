"""`python -m auditor`: the command line, with Ctrl-C during start-up (while the modules load)
also ending in exit code 130 and no traceback."""
import sys


def main() -> None:
    try:
        from auditor.cli import run
    except KeyboardInterrupt:
        sys.stderr.write("auditor: interrupted\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
