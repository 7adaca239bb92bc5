"""How a run of the CLI ends: the one place errors and interrupts become messages and exit codes.

`handled` wraps every command: AichoiceError (exit 2), Ctrl-C (130), SIGTERM
(143), output that cannot be written (141 for a broken pipe, 2 otherwise).
`main` covers what happens outside a command: stdout closed before the run,
Click's and Rich's own output (--help to a full disk or a closed pipe), and
the last flush. Never a traceback.
"""

from __future__ import annotations

import errno
import functools
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import typer

from aichoice.errors import AichoiceError
from aichoice.sanitize import terminal_lines

EXIT_GATE, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE, EXIT_TERMINATED = 1, 2, 130, 141, 143

F = TypeVar("F", bound=Callable[..., Any])


class Terminated(BaseException):
    """SIGTERM arrived: stop the way Ctrl-C does, quietly."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def handled(command: F) -> F:
    """The one place a command's errors become messages and exit codes.

    AichoiceError: its located message, exit 2. Ctrl-C: 130. SIGTERM: 143.
    Output that cannot be written (a closed pipe, a full disk): one line,
    141 for a broken pipe, 2 otherwise. stdout is flushed here, so a write
    error is caught here too.
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            outcome = command(*args, **kwargs)
            sys.stdout.flush()
            return outcome
        except AichoiceError as error:
            # The one door every error leaves by: whatever an input put in a message, it is inert here.
            typer.echo(terminal_lines(str(error) if error.location else f"aichoice: {error}"), err=True)
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            typer.echo("\naichoice: interrupted", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Terminated:
            raise typer.Exit(EXIT_TERMINATED) from None
        except OSError as exc:
            raise typer.Exit(_output_failed(exc)) from None

    return run  # type: ignore[return-value]


if TYPE_CHECKING:  # the pinned Typer carries its own Click; whether `click` is also installed varies
    from typer._click.exceptions import ClickException
else:
    try:  # newer Typers carry their own Click; older ones use Click's package
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - depends on the installed Typer
        from click.exceptions import ClickException


def plain_usage_errors(main: Callable[..., Any]) -> Callable[..., Any]:
    """A Click command's `main` whose usage errors (an unknown option, a value not allowed) are
    one line and a hint, like every other message, instead of Typer's six-line box."""

    @functools.wraps(main)
    def run(*args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return main(*args, standalone_mode=False, **kwargs)
        try:
            outcome = main(*args, standalone_mode=False, **kwargs)
        except ClickException as error:
            if type(error).__name__ != "NoArgsIsHelpError":  # that one's "message" is the help, printed
                argv = args[1] if len(args) > 1 else kwargs.get("args")
                _say(usage_message(error, _command_path(args[0], sys.argv[1:] if argv is None else argv)))
            sys.exit(error.exit_code)
        except typer.Abort:
            _say("\naichoice: interrupted")
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(outcome if isinstance(outcome, int) else 0)

    return run


def usage_message(error: Any, command_path: str) -> str:
    """A Click usage error as `aichoice: ...` and a hint naming the command's --help (the error's
    own command, else `command_path`, the one the arguments name)."""
    from aichoice.sanitize import line

    words = line(error.format_message().replace("Value error, ", ""))  # a typed value may hold a line break
    context = getattr(error, "ctx", None)
    where = line(context.command_path) if context is not None else command_path
    return f"aichoice: {words[:1].lower()}{words[1:]}\n  hint: see '{where} --help'"


def _command_path(group: Any, argv: list[str]) -> str:
    """'aichoice rules show' for `rules show --rules`: the commands the leading arguments name (an
    option missing its value is reported by Click without its command)."""
    words, command = ["aichoice"], group
    for arg in argv:
        command = getattr(command, "commands", {}).get(arg)
        if command is None:
            break
        words.append(arg)
    return " ".join(words)


def _output_failed(exc: OSError) -> int:
    """Say once that the output could not be written, stop writing, and give the exit code."""
    try:  # nothing more can reach stdout; keep the interpreter's last flush quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    if exc.errno == errno.EPIPE:
        _say("aichoice: the output was closed before it was all written (broken pipe)")
        return EXIT_BROKEN_PIPE
    _say(f"aichoice: cannot write the output: {exc.strerror or exc}")
    return EXIT_INPUT


def _say(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _stdout_is_devnull() -> bool:
    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(os.devnull))
    except (OSError, ValueError, AttributeError):
        return False


def _prepare_streams() -> None:
    """Text that a stream's encoding cannot hold is replaced, never a traceback (a latin-1 locale,
    PYTHONIOENCODING); a typed byte that is not UTF-8 is read as U+FFFD and refused like any typo."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace"), (sys.stdin, "replace")):
        try:
            stream.reconfigure(errors=errors)  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def run(app: Callable[[], Any], fast_exit: bool = False) -> None:
    """Run the app as the console script: every way of ending becomes an exit code, never a
    traceback. Closed or full stdout, a broken pipe, Ctrl-C (130) and SIGTERM (143)
    included, for every command and for --help. With `fast_exit`, see `_exit`."""
    if sys.stdout is None:
        _say("aichoice: standard output is closed; nothing could be written")
        sys.exit(EXIT_INPUT)
    _prepare_streams()
    signal.signal(signal.SIGTERM, _terminate)
    was_devnull = _stdout_is_devnull()
    code: Any = 0
    try:
        app()
    except SystemExit as exit:
        code = exit.code
    except KeyboardInterrupt:
        _say("\naichoice: interrupted")
        code = EXIT_INTERRUPTED
    except Terminated:
        code = EXIT_TERMINATED
    except OSError as exc:  # Click's or Rich's own output (--help, say) could not be written
        code = _output_failed(exc)
    # Click and Rich meet a broken pipe of their own (--help | head) with exit 1, the gate's code:
    # Click swaps in a PacifyFlushWrapper, Rich points stdout at /dev/null.
    if code == EXIT_GATE and (
        type(sys.stdout).__name__ == "PacifyFlushWrapper" or (not was_devnull and _stdout_is_devnull())
    ):
        code = _output_failed(BrokenPipeError(32, "Broken pipe"))
    else:
        try:
            sys.stdout.flush()
        except OSError as exc:
            code = _output_failed(exc)
    _exit(code, fast_exit)


def _exit(code: Any, fast: bool) -> None:
    """End the process with `code`.

    With `fast`, and when nothing else is running (no other thread, no worker
    process), the interpreter's teardown is skipped: every file is closed and
    every stream flushed by then, and freeing each object one by one only cost
    a run about 30 ms. Anything else exits the ordinary way.
    """
    if code == EXIT_TERMINATED:
        # Stopped from outside: no teardown either, whatever is running. A parallel batch's pool
        # thread, woken by the interpreter's exit hooks while its workers die of the same signal,
        # could otherwise print a traceback ("Bad file descriptor") after the run has ended.
        for child in _children():
            child.terminate()
        _flush_quietly()
        os._exit(code)
    if fast and isinstance(code, int) and threading.active_count() == 1 and not _children() and _flush_quietly():
        os._exit(code)
    sys.exit(code)


def _flush_quietly() -> bool:
    """Flush stdout and stderr; whether both could be."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        return False
    return True


def _children() -> list[Any]:
    """Worker processes still alive (multiprocessing is imported only by a parallel batch)."""
    multiprocessing = sys.modules.get("multiprocessing")
    return list(multiprocessing.active_children()) if multiprocessing else []
