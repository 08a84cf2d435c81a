"""Command-line usage errors as one line in the user's language.

Click prints a usage line, a hint and "Error: Invalid value…" in English; a user who asked for
Chinese (the default) gets one Chinese line instead, with the same exit code 2.  The language is
read from the arguments (--lang) or the configuration file, as a command would have read it.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer
from typer.core import TyperGroup

try:  # typer ≥ 0.20 carries its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer stands on click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

EXIT_USAGE = 2


class OneLineUsageErrors(TyperGroup):
    """A command group whose usage errors, its subcommands' included, print as one line."""

    def make_context(self, info_name: Any, args: list[str], parent: Any = None, **extra: Any) -> Any:
        arguments = list(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click_errors.UsageError as error:
            _refuse(error, arguments, self)

    def invoke(self, ctx: Any) -> Any:
        arguments = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except click_errors.UsageError as error:
            _refuse(error, arguments, self)


def _refuse(error: Exception, arguments: list[str], group: Any) -> None:
    if isinstance(error, click_errors.NoArgsIsHelpError):
        raise error  # the command's help, as asked for by naming nothing
    typer.echo(usage_message(error, arguments, language(arguments), _command_path(group, arguments)), err=True)
    raise typer.Exit(EXIT_USAGE)


def language(arguments: list[str]) -> str:
    """--lang from the arguments, else the configured language, else Chinese."""
    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments):
            return "en" if arguments[index + 1] == "en" else "zh"
        if argument.startswith("--lang="):
            return "en" if argument.split("=", 1)[1] == "en" else "zh"
    from budgetcheck.config import ConfigError, load_config

    try:
        return "en" if load_config().get("lang") == "en" else "zh"
    except ConfigError:
        return "zh"


def _command_path(group: Any, arguments: list[str]) -> str:
    """"budgetcheck rules show": the program and the (sub)commands named before the first option."""
    words = ["budgetcheck"]
    for argument in arguments:
        commands = getattr(group, "commands", None)
        if not commands or argument not in commands:
            break
        words.append(argument)
        group = commands[argument]
    return " ".join(words)


def usage_message(error: Any, arguments: list[str], lang: str, command: str = "budgetcheck") -> str:
    """The one line a user reads: what is wrong on the command line, and where to look."""
    if lang == "en":
        return f"{_one_line(error.format_message().replace('Value error, ', ''))} (see {command} --help)"
    param = getattr(error, "param", None)
    if isinstance(error, click_errors.MissingParameter) and param is not None:
        return f"缺少参数 {_param_name(param)}，用 {command} --help 查看用法"
    if isinstance(error, click_errors.BadParameter) and param is not None:
        name = _param_name(param)
        value = _given_value(param, arguments)
        shown = f" {value}" if value is not None else ""
        choices = _choices(param)
        if choices:
            return f"{name} 的取值{shown} 无效，可选：{'|'.join(choices)}"
        wanted = _wanted_number(param)
        if wanted:
            return f"{name} 的取值{shown} 无效，{wanted}"
        return f"{name} 的取值{shown} 无效，用 {command} --help 查看用法"
    if isinstance(error, click_errors.NoSuchOption):
        hint = f"（是否想用 {'、'.join(sorted(error.possibilities))}？）" if error.possibilities else ""
        return f"没有选项 {error.option_name}{hint}，用 {command} --help 查看用法"
    if isinstance(error, click_errors.BadOptionUsage) and "requires an argument" in error.message:
        return f"选项 {error.option_name} 需要一个值，用 {command} --help 查看用法"
    message = error.message
    if message.startswith("No such command"):
        name = message.split("'")[1] if message.count("'") >= 2 else message
        return f"没有命令 {name}，用 {command} --help 查看可用的命令"
    if message.startswith("Got unexpected extra argument"):
        extra = message[message.rfind("(") + 1 : message.rfind(")")] if "(" in message else message
        return f"多余的参数：{extra}，用 {command} --help 查看用法"
    return f"命令行用法有误（{_one_line(error.format_message())}），用 {command} --help 查看用法"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _param_name(param: Any) -> str:
    options = [name for name in getattr(param, "opts", []) if name.startswith("--")]
    if options and getattr(param, "param_type_name", "") == "option":
        return options[0]
    return str(param.name or "").upper()


def _given_value(param: Any, arguments: list[str]) -> str | None:
    """The value the user gave for an option, as typed (the last one wins, as for click)."""
    found = None
    for index, argument in enumerate(arguments):
        for option in getattr(param, "opts", []):
            if argument == option and index + 1 < len(arguments):
                found = arguments[index + 1]
            elif option.startswith("--") and argument.startswith(option + "="):
                found = argument.split("=", 1)[1]
    return found


def _wanted_number(param: Any) -> str:
    """What a number option takes, in words: "应为整数，最小为 1"; empty for any other option."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    kind = {int: "整数", float: "数值"}.get(annotation)  # type: ignore[call-overload]
    if kind is None:
        return ""
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    bounds = [f"最小为 {low}" if low is not None else "", f"最大为 {high}" if high is not None else ""]
    return "，".join([f"应为{kind}", *(bound for bound in bounds if bound)])


def _choices(param: Any) -> list[str]:
    choices = getattr(getattr(param, "type", None), "choices", None)  # click.Choice
    if choices:
        return [str(choice) for choice in choices]
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)  # typer's own copy
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    return []
