"""The `fazhi-draft` command: parses arguments and calls one function per verb.

Kept light: only click is imported at start-up; each verb imports what it needs
(python-docx and jinja2 only for render), so `--help`, `outline` and `check` start fast.
No logic lives here beyond argument handling and turning errors into messages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fazhi_draft.errors import ExitStatus, UserError

# click's own words, in Chinese: the interface speaks Chinese throughout.
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class _ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令")
                            .replace("[ARGS]...", "[参数]..."), prefix="用法：")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))


click.Context.formatter_class = _ChineseFormatter
_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _help_option(f):  # noqa: ANN001, ANN202
    return click.help_option("-h", "--help", help="显示本帮助并退出")(f)


@click.group(context_settings=_CONTEXT, invoke_without_command=True)
@click.version_option(package_name="fazhi-draft", message="fazhi-draft %(version)s",
                      help="显示版本并退出")
@_help_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """法治政府建设年度报告起草工具。

    \b
    常用命令：
      fazhi-draft new                      按问卷逐节填写本年度数据（可沿用去年）
      fazhi-draft render 2024.yaml         把填好的 YAML 生成 Word 初稿（.docx）
      fazhi-draft pdf 2024.docx            用 LibreOffice 把初稿转为 PDF（render 加 --pdf 亦可）
      fazhi-draft check 2024.yaml          核对数字、结构和年份（生成时也会自动核对）
      fazhi-draft outline                  查看报告的标准结构和全部指标
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        if sys.stdin.isatty() and sys.stdout.isatty():  # in a terminal, offer the questionnaire
            from fazhi_draft.questionnaire import offer_new

            click.echo()
            if offer_new():
                ctx.invoke(new)


@cli.command(context_settings=_CONTEXT)
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="输出.yaml",
              help="写入的 YAML 文件，Word 初稿生成在旁边；默认为当前文件夹的 <年度>.yaml")
@click.option("--from", "from_file", type=click.Path(path_type=Path), metavar="去年.yaml",
              help="沿用去年的 YAML：数字作为默认值，要点逐条保留、修改或删除；不给时会提议文件夹里最新的一份")
@click.option("--section", "section", metavar="小节",
              help="只填写这一节（部门的数字晚到时用）：小节的键如 disputes，或标题中的词如 社会矛盾")
@_help_option
def new(output: Path | None = None, from_file: Path | None = None, section: str | None = None) -> None:
    """按问卷逐节填写本年度报告（可沿用去年），生成 YAML 和 Word 初稿。

    每答一题都自动保存进度；Ctrl-C 随时退出，再次运行同一命令即可接着填。
    -o 给出已写好的 YAML 时直接打开汇总，可逐个修改答案后写回（原文件留作 .bak）。
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from fazhi_draft.errors import UsageError

        raise UsageError("需要在终端中交互运行；已有 YAML 文件请用 fazhi-draft render 文件.yaml")
    from fazhi_draft.questionnaire import run_new

    outcome = run_new(output=output, from_file=from_file, section=section)
    if outcome.status == "interrupted":
        raise click.exceptions.Exit(130)


def _one_shot() -> None:
    """render/check run once and exit: Python's cyclic garbage collector only costs them time
    (~7% of a render; our data has no cycles worth collecting, peak memory is the same).
    Batches turn it back on (batch.py); the questionnaire, which runs for long, never turns it off."""
    import gc

    gc.disable()


def is_batch(inputs: tuple[Path, ...]) -> bool:
    """Several inputs, or a folder: batch.py's job. Decided here so that one file never
    imports the batch module (~5 ms of a cold start)."""
    return len(inputs) > 1 or (len(inputs) == 1 and inputs[0].is_dir())


_JOBS = click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True, metavar="N",
                     help="多个文件时同时用 N 个进程处理；0 表示按 CPU 核数")


@cli.command(context_settings=_CONTEXT)
@click.argument("inputs", metavar="输入.yaml|文件夹...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="输出",
              help="输出文件，默认与输入同名、同目录；输入有多个（或为文件夹）时为输出文件夹")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "txt"]), default="docx",
              show_default=True, help="输出格式：docx 为 Word 公文版式，md/txt 为快速预览")
@click.option("--fonts", type=click.Choice(["gb", "windows"]), default="gb", show_default=True,
              help="字体：gb 为仿宋_GB2312 等公文字体；windows 为任何 Windows 都有的仿宋/楷体/黑体/宋体")
@click.option("--layout", "variants", multiple=True, metavar="版式变体",
              help="在国标版式上叠加的本地做法，可多次使用：fixed-28pt、bold-headings、centred-page-numbers")
@click.option("-f", "--force", is_flag=True, help="覆盖已存在的输出文件")
@click.option("--ignore-errors", is_flag=True,
              help="核对发现错误时仍然生成初稿（错误照样列出）；默认有错误就不生成")
@click.option("--pdf", "make_pdf", is_flag=True,
              help="同时用 LibreOffice 转出同名 PDF（需已安装 LibreOffice）")
@_JOBS
@_help_option
@click.pass_context
def render(ctx: click.Context, inputs: tuple[Path, ...], output: Path | None, fmt: str, fonts: str,
           variants: tuple[str, ...], force: bool, ignore_errors: bool, make_pdf: bool, jobs: int) -> None:
    """把年度 YAML 生成报告初稿（默认 Word .docx）；可一次给多个文件或一个文件夹。

    生成前先核对（同 fazhi-draft check）：有错误时不生成并列出错误，警告照常列出。
    多个文件时，有问题的文件不影响其他文件，最后逐个列出未完成的文件和原因（退出码 1）。
    """
    _one_shot()
    all_variants = (*(("windows-fonts",) if fonts == "windows" else ()), *variants)
    if make_pdf and fmt != "docx":
        from fazhi_draft.errors import UsageError

        raise UsageError(f"--pdf 只能与 Word 格式（--format docx）一起使用，现为 --format {fmt}")
    if is_batch(inputs):
        from fazhi_draft.verbs.batch import render_many

        ctx.exit(render_many(inputs, output, fmt=fmt, variants=all_variants, force=force,
                             ignore_errors=ignore_errors, pdf=make_pdf, jobs=jobs, echo=click.echo))
    from fazhi_draft.verbs.render import render_file

    input_file = inputs[0]
    result = render_file(input_file, output, fmt=fmt, variants=all_variants, force=force,
                         ignore_errors=ignore_errors)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(f"已生成：{result.output}")
    if result.pending:
        click.echo(f"待补 {len(result.pending)} 处（文中已用黄色标出）：{'、'.join(result.pending)}")
    if result.carried:
        from fazhi_draft.verbs.render import carried_line

        click.echo(carried_line(result.carried))
    if make_pdf:
        _to_pdf(result.output, None, force)


@cli.command(context_settings=_CONTEXT)
@click.argument("docx_file", metavar="文件.docx", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="输出.pdf",
              help="输出的 PDF，默认与 .docx 同名、同目录")
@click.option("-f", "--force", is_flag=True, help="覆盖已存在的 PDF")
@_help_option
def pdf(docx_file: Path, output: Path | None, force: bool) -> None:
    """用 LibreOffice 把 Word 初稿转换为 PDF（需已安装 LibreOffice），并说明替换了哪些字体。"""
    _to_pdf(docx_file, output, force)


def _to_pdf(docx: Path, output: Path | None, force: bool) -> None:
    from fazhi_draft.verbs.pdf import convert

    result = convert(docx, output, force=force)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(f"已生成：{result.output}")


@cli.command(context_settings=_CONTEXT)
@click.argument("inputs", metavar="输入.yaml|文件夹...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--prior", type=click.Path(path_type=Path), metavar="去年.yaml",
              help="去年的 YAML，用于同比核对；不给时用 meta.reused_from 指向的文件（如有）；只用于单个文件")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text 给人看，json 给脚本用（发现的问题的列表）")
@click.option("--ignore", multiple=True, metavar="规则代码",
              help="忽略这些规则，可多次使用或用逗号分隔；FZ3 表示全部 FZ3xx")
@click.option("--fix", is_flag=True, help="自动改正能改的问题（中文里的半角标点），先把原文件备份为 .bak")
@click.option("--explain", metavar="规则代码", help="显示一条规则的详细说明，如 --explain FZ201")
@click.option("--rules", "list_rules", is_flag=True, help="列出全部核对规则")
@click.option("--changes/--no-changes", "with_changes", default=None,
              help="有去年的文件时，是否列出同比变化（默认：单个文件时列出，多个文件时不列）")
@_JOBS
@_help_option
@click.pass_context
def check(ctx: click.Context, inputs: tuple[Path, ...], prior: Path | None, fmt: str, ignore: tuple[str, ...],
          fix: bool, explain: str | None, list_rules: bool, with_changes: bool | None, jobs: int) -> None:
    """核对年度 YAML：结构是否齐全，数字是否加得上、比率是否对得上，与去年相比是否合理，年份和提法是否过时。

    可一次给多个文件或一个文件夹：逐个列出结果，最后一行汇总。有错误时退出码为 1。
    规则一览：fazhi-draft check --rules。
    """
    _one_shot()
    if is_batch(inputs) and not (explain or list_rules):
        from fazhi_draft.verbs.batch import check_many
        from fazhi_draft.verbs.check import parse_selectors

        if prior is not None:
            from fazhi_draft.errors import UsageError

            raise UsageError("--prior 只能用于单个文件", fix="多个文件时各自按 meta.reused_from 与去年比较")
        ctx.exit(check_many(inputs, ignore=tuple(parse_selectors(ignore)), fmt=fmt, with_changes=bool(with_changes),
                            fix=fix, jobs=jobs, echo=click.echo))
    from fazhi_draft.verbs.check import run

    input_file = inputs[0] if inputs else None
    with_changes = True if with_changes is None else with_changes
    status = run(input_file, prior=prior, fmt=fmt, ignore=ignore, fix=fix, explain=explain,
                 list_rules=list_rules, with_changes=with_changes, echo=click.echo)
    ctx.exit(status)


@cli.command(context_settings=_CONTEXT)
@click.option("--figures/--no-figures", default=True, help="是否列出每节的指标（默认列出）")
@_help_option
def outline(figures: bool) -> None:
    """显示报告的标准结构：各部分、各小节和全部指标。"""
    from fazhi_draft.structure.outline import outline_text

    click.echo(outline_text(with_figures=figures))


@cli.command(context_settings=_CONTEXT)
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="文件",
              help="写入文件（默认输出到屏幕）；放在 YAML 旁边，编辑器即可自动补全和提示")
@click.option("-f", "--force", is_flag=True, help="覆盖已存在的文件")
@_help_option
def schema(output: Path | None, force: bool) -> None:
    """输出输入文件的 JSON Schema（供 VS Code 等编辑器校验和补全）。"""
    from fazhi_draft.input.schema import schema_json

    text = schema_json()
    if output is None:
        click.echo(text)
        return
    from fazhi_draft.files import atomic_write

    atomic_write(output, text, force=force)
    click.echo(f"已写入：{output}")


@cli.command(context_settings=_CONTEXT)
@click.argument("input_file", metavar="输入.yaml", type=click.Path(path_type=Path))
@_help_option
def annotate(input_file: Path) -> None:
    """给 YAML 的每个指标加上中文名称注释和编辑器提示行（原有注释和顺序不变）。"""
    from fazhi_draft.files import atomic_write
    from fazhi_draft.input.load import load_report
    from fazhi_draft.input.write import annotate as add_labels
    from fazhi_draft.input.write import dump_tree

    loaded = load_report(input_file)  # refuse to rewrite a file that does not validate
    atomic_write(input_file, dump_tree(add_labels(loaded.tree)), force=True)
    click.echo(f"已加注释：{input_file}")


# ---------------------------------------------------------------- entry point
def _usage_message(exc: click.UsageError) -> str:
    """click's usage errors, said in Chinese."""
    from click import exceptions as ex

    if isinstance(exc, ex.NoSuchOption):
        guess = f"，是不是 {exc.possibilities[0]}？" if exc.possibilities else ""
        return f"没有这个选项：{exc.option_name}{guess}"
    if isinstance(exc, ex.MissingParameter):
        name = exc.param.metavar or exc.param.name if exc.param else "参数"
        return f"缺少{name}"
    if isinstance(exc, ex.BadParameter):
        name = exc.param.opts[0] if exc.param and exc.param.opts else "参数"
        choices = getattr(exc.param.type, "choices", None) if exc.param else None
        allowed = f"，可选：{'、'.join(choices)}" if choices else ""
        return f"{name} 的取值不对{allowed}"
    if "No such command" in exc.message:
        return f"没有这个命令：{exc.message.split(chr(39))[1] if chr(39) in exc.message else ''}"
    if "Got unexpected extra argument" in exc.message:
        return "多了参数：" + exc.message.split("(")[-1].rstrip(")")
    return "命令用法不对"


def _robust_streams() -> None:
    """Whatever a message quotes from the input, printing it must not fail: a lone surrogate
    ("\\ud800" in the YAML) cannot be encoded, nor can most of Unicode on a GBK console.
    Such characters are written as escapes (\\ud800) instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):  # not a TextIOWrapper (a test's stand-in)
            pass


def main(argv: list[str] | None = None) -> None:
    """Run the command; user errors become one Chinese message and an exit code."""
    _robust_streams()
    try:
        # Without standalone mode click returns the code of a ctx.exit()/Exit raised by a verb.
        status = cli.main(args=argv, prog_name="fazhi-draft", standalone_mode=False)
    except UserError as exc:
        click.echo(f"错误：{exc.render()}", err=True)
        sys.exit(exc.status)
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx else "fazhi-draft"
        click.echo(f"错误：{_usage_message(exc)}。查看帮助：{cmd} --help", err=True)
        sys.exit(ExitStatus.USAGE)
    except click.Abort as exc:
        # click turns Ctrl-C into Abort before we see it; keep the shell's 130 for an interrupt.
        if isinstance(exc.__cause__, KeyboardInterrupt):
            click.echo("已中断。", err=True)
            sys.exit(130)
        click.echo("\n已取消。", err=True)
        sys.exit(ExitStatus.USAGE)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("\n已中断。", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - our bug: still one message, no traceback (FAZHI_DEBUG shows it)
        import traceback

        from fazhi_draft.errors import internal_error

        click.echo(f"错误：{internal_error(exc, traceback.format_exc())}", err=True)
        sys.exit(ExitStatus.INTERNAL)
    sys.exit(status if isinstance(status, int) else ExitStatus.OK)
