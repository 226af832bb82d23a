"""The `fazhi-draft` command: parses arguments and calls one function per verb (VERBS).

Each verb is a function `run(args, env)` in its own module of fazhi_draft.verbs, imported only
when that verb runs (python-docx and jinja2 only for render), so `--help`, `outline` and
`check` start fast: only click is imported at start-up. It gets the parsed arguments and the
Environment (streams, terminals, colours, folder, date) and returns an ExitStatus; errors
become one Chinese message here. No other logic lives in this module.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import click

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus, UserError

# ---------------------------------------------------------------- click, in Chinese
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class _ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令")
                            .replace("[ARGS]...", "[参数]..."), prefix="用法：")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))


class _Context(click.Context):
    formatter_class = _ChineseFormatter


class _UnknownVerb(click.UsageError):
    def __init__(self, name: str, ctx: click.Context):
        super().__init__(f"unknown verb {name!r}", ctx)
        self.name = name


class _ExtraArguments(click.UsageError):
    def __init__(self, extra: list[str], ctx: click.Context):
        super().__init__(f"extra arguments {extra!r}", ctx)
        self.extra = extra


class _Verb(click.Command):
    context_class = _Context
    allow_extra_args = True  # left-over arguments are reported below, as _ExtraArguments

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        if rest and not ctx.resilient_parsing:
            raise _ExtraArguments(rest, ctx)
        return rest


class _Verbs(click.Group):
    context_class = _Context

    def resolve_command(self, ctx: click.Context, args: list[str]):  # noqa: ANN201 - click's tuple
        name = click.utils.make_str(args[0])
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            if name.startswith("-"):  # an option after `--`: click's own error for it, as click does
                self.parse_args(ctx, args)
            raise _UnknownVerb(name, ctx)
        return super().resolve_command(ctx, args)


def _usage_message(exc: click.UsageError) -> str:
    """click's usage errors, said in Chinese from their types and attributes."""
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
    if isinstance(exc, _UnknownVerb):
        return f"没有这个命令：{exc.name}"
    if isinstance(exc, _ExtraArguments):
        return "多了参数：" + " ".join(exc.extra)
    return "命令用法不对"


# ---------------------------------------------------------------- the verbs' arguments
def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        ctx.obj.echo(ctx.get_help())
        ctx.exit()


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from importlib.metadata import version

        ctx.obj.echo(f"fazhi-draft {version('fazhi-draft')}")
        ctx.exit()


def _flag(*decls: str, callback, help: str) -> click.Option:  # noqa: ANN001, A002
    return click.Option(decls, is_flag=True, expose_value=False, is_eager=True, callback=callback, help=help)


_HELP = _flag("-h", "--help", callback=_show_help, help="显示本帮助并退出")
_PATH = click.Path(path_type=Path)
_JOBS = click.Option(["-j", "--jobs"], type=click.IntRange(min=0), default=1, show_default=True, metavar="N",
                     help="多个文件时同时用 N 个进程处理；0 表示按 CPU 核数")


def _force(what: str) -> click.Option:
    return click.Option(["-f", "--force"], is_flag=True, help=f"覆盖已存在的{what}")


class Verb(NamedTuple):
    function: str  # "module:function" in fazhi_draft.verbs: run(args, env) -> ExitStatus
    help: str
    params: list[click.Parameter]  # its arguments and options, in the order --help lists them


VERBS: dict[str, Verb] = {
    "new": Verb(
        "fazhi_draft.verbs.new:run",
        """按问卷逐节填写本年度报告（可沿用去年），生成 YAML 和 Word 初稿。

        每答一题都自动保存进度；Ctrl-C 随时退出，再次运行同一命令即可接着填。
        -o 给出已写好的 YAML 时直接打开汇总，可逐个修改答案后写回（原文件留作 .bak）。
        """,
        [click.Option(["-o", "--output"], type=_PATH, metavar="输出.yaml",
                      help="写入的 YAML 文件，Word 初稿生成在旁边；默认为当前文件夹的 <年度>.yaml"),
         click.Option(["--from", "from_file"], type=_PATH, metavar="去年.yaml|报告.docx",
                      help="沿用去年的 YAML：数字作为默认值，要点逐条保留、修改或删除；不给时会提议文件夹里最新的一份。"
                           "没有 YAML 时可给去年已发布的报告（.docx/.html/.txt/.pdf）：先导入为 YAML（同 fazhi-draft import）再沿用"),
         click.Option(["--section", "section"], metavar="小节",
                      help="只填写这一节（部门的数字晚到时用）：小节的键如 disputes，或标题中的词如 社会矛盾")]),
    "import": Verb(
        "fazhi_draft.verbs.import_:run",
        """把已发布的报告（Word .docx、网页 .html、.txt、有文字的 .pdf）导入为年度 YAML，作为沿用的起点。

        保留原文的标题、顺序和句子：标题对应到标准小节，对不上的作为自己命名的小节；句中认出的数字用【】标出，
        认不出的照原文保留。YAML 中的注释写明每部分的原文位置和需要核对的地方。
        没有去年的 YAML 时：先 import，再 check、render，或 new --from 导入的 YAML。
        """,
        [click.Argument(["input_file"], metavar="报告.docx", type=_PATH),
         click.Option(["-o", "--output"], type=_PATH, metavar="输出.yaml",
                      help="写入的 YAML 文件；默认为当前文件夹的 <报告年度>.yaml"),
         _force("YAML 文件")]),
    "render": Verb(
        "fazhi_draft.verbs.render:run",
        """把年度 YAML 生成报告初稿（默认 Word .docx）；可一次给多个文件或一个文件夹。

        生成前先核对（同 fazhi-draft check）：有错误时不生成并列出错误，警告照常列出。
        多个文件时，有问题的文件不影响其他文件，最后逐个列出未完成的文件和原因（退出码 1）。
        """,
        [click.Argument(["inputs"], metavar="输入.yaml|文件夹...", nargs=-1, required=True, type=_PATH),
         click.Option(["-o", "--output"], type=_PATH, metavar="输出",
                      help="输出文件，默认与输入同名、同目录；输入有多个（或为文件夹）时为输出文件夹"),
         click.Option(["--format", "fmt"], type=click.Choice(["docx", "md", "txt", "html"]), default="docx",
                      show_default=True, help="输出格式：docx 为 Word 公文版式，html 为发布到门户网站的网页，md/txt 为快速预览"),
         click.Option(["--table", "with_table"], is_flag=True,
                      help="在报告后附“主要数据同比情况表”（附件，另起一页）：主要数据的今年、去年和增减，与 check --prior 相同"),
         click.Option(["--prior"], type=_PATH, metavar="去年.yaml",
                      help="--table 用的去年 YAML；不给时用 meta.reused_from 指向的文件；只用于单个文件"),
         click.Option(["--fonts"], type=click.Choice(["gb", "windows"]), default="gb", show_default=True,
                      help="字体：gb 为仿宋_GB2312 等公文字体；windows 为任何 Windows 都有的仿宋/楷体/黑体/宋体"),
         click.Option(["--layout", "variants"], multiple=True, metavar="版式变体",
                      help="在国标版式上叠加的变体，可多次使用：fixed-28pt、bold-headings、centred-page-numbers、"
                           "sealed（加盖印章的落款）"),
         _force("输出文件"),
         click.Option(["--ignore-errors"], is_flag=True,
                      help="核对发现错误时仍然生成初稿（错误照样列出）；默认有错误就不生成"),
         click.Option(["--pdf", "make_pdf"], is_flag=True, help="同时用 LibreOffice 转出同名 PDF（需已安装 LibreOffice）"),
         _JOBS]),
    "pdf": Verb(
        "fazhi_draft.verbs.pdf:run",
        """用 LibreOffice 把 Word 初稿转换为 PDF（需已安装 LibreOffice），并说明替换了哪些字体。

        可一次给多个文件或一个文件夹（其中的 .docx）：LibreOffice 只启动一次，逐个转换；
        转换不了的文件不影响其他文件，最后逐个列出（退出码 1）。
        """,
        [click.Argument(["inputs"], metavar="文件.docx|文件夹...", nargs=-1, required=True, type=_PATH),
         click.Option(["-o", "--output"], type=_PATH, metavar="输出",
                      help="输出的 PDF，默认与 .docx 同名、同目录；输入有多个（或为文件夹）时为输出文件夹"),
         _force(" PDF"),
         _JOBS]),
    "check": Verb(
        "fazhi_draft.verbs.check:run",
        """核对年度 YAML：结构是否齐全，数字是否加得上、比率是否对得上，与去年相比是否合理，年份和提法是否过时。

        也可核对已写好的报告（Word .docx、网页 .html、.txt、有文字的 .pdf）：从正文中认出数字，
        按同样的规则核对，每条问题指明第几段并引出原句；--data 再与它所出自的 YAML 逐个比较数字。
        可一次给多个文件或一个文件夹：逐个列出结果，最后一行汇总。有错误时退出码为 1。
        规则一览：fazhi-draft check --rules。
        """,
        [click.Argument(["inputs"], metavar="输入.yaml|报告.docx|文件夹...", nargs=-1, type=_PATH),
         click.Option(["--prior"], type=_PATH, metavar="去年.yaml",
                      help="去年的 YAML，用于同比核对；不给时用 meta.reused_from 指向的文件（如有）；只用于单个文件"),
         click.Option(["--data"], type=_PATH, metavar="数据.yaml",
                      help="核对 Word 稿（或网页、PDF）时：它所出自的 YAML，逐个比较数字（Word 里改了而 YAML 没改，或反过来）；只用于单个报告"),
         click.Option(["--format", "fmt"], type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="输出格式：text 给人看，json 给脚本用（发现的问题的列表）"),
         click.Option(["--ignore"], multiple=True, metavar="规则代码",
                      help="忽略这些规则，可多次使用或用逗号分隔；FZ3 表示全部 FZ3xx"),
         click.Option(["--fix"], is_flag=True, help="自动改正能改的问题（中文里的半角标点），先把原文件备份为 .bak"),
         click.Option(["--explain"], metavar="规则代码", help="显示一条规则的详细说明，如 --explain FZ201"),
         click.Option(["--rules", "list_rules"], is_flag=True, help="列出全部核对规则"),
         click.Option(["--changes/--no-changes", "with_changes"], default=None,
                      help="有去年的文件时，是否列出同比变化（默认：单个文件时列出，多个文件时不列）"),
         _JOBS]),
    "outline": Verb(
        "fazhi_draft.verbs.outline:run",
        "显示报告的标准结构：各部分、各小节和全部指标。",
        [click.Option(["--figures/--no-figures"], default=True, help="是否列出每节的指标（默认列出）")]),
    "schema": Verb(
        "fazhi_draft.verbs.schema:run",
        "输出输入文件的 JSON Schema（供 VS Code 等编辑器校验和补全）。",
        [click.Option(["-o", "--output"], type=_PATH, metavar="文件",
                      help="写入文件（默认输出到屏幕）；放在 YAML 旁边，编辑器即可自动补全和提示"),
         _force("文件")]),
    "annotate": Verb(
        "fazhi_draft.verbs.annotate:run",
        "给 YAML 的每个指标加上中文名称注释和编辑器提示行（原有注释和顺序不变）。",
        [click.Argument(["input_file"], metavar="输入.yaml", type=_PATH)]),
    "forms": Verb(
        "fazhi_draft.verbs.forms:run",
        "给每个报送部门生成一份 Excel 报送表（.xlsx）：封面写明报什么、何时报、问谁，只有“今年”和“备注”两列可填。",
        [click.Argument(["input_file"], metavar="输入.yaml", type=_PATH),
         click.Option(["-o", "--output"], type=_PATH, metavar="文件夹",
                      help="报送表放在这个文件夹，每个部门一份 <部门>.xlsx；默认为 YAML 旁边的“报送表”"),
         click.Option(["--by"], metavar="日期", help="报送截止日期，写在表上，如 2026-01-20"),
         click.Option(["--contact"], metavar="联系人", help="表上的联系人和电话；默认为 YAML 的 meta.contact"),
         click.Option(["--prior"], type=_PATH, metavar="去年.yaml", help="去年的 YAML（“去年”一列）；默认为 meta.reused_from"),
         click.Option(["--all", "everything"], is_flag=True, help="列出报告各小节的全部指标，而不只是今年和去年报过的"),
         click.Option(["--office", "offices"], multiple=True, metavar="部门", help="只生成这个部门的表，可多次使用"),
         _force("报送表")]),
    "merge": Verb(
        "fazhi_draft.verbs.merge:run",
        "把各部门填好的报送表合并进 YAML，每个数字的来源记为注释；与已有的数不同的，列出而不覆盖。",
        [click.Argument(["input_file"], metavar="输入.yaml", type=_PATH),
         click.Argument(["form_files"], metavar="报送表.xlsx|文件夹...", nargs=-1, required=True, type=_PATH),
         click.Option(["--overwrite"], is_flag=True, help="报送表与 YAML 中已有的数不同时，以报送表为准（先把 YAML 备份为 .bak）"),
         click.Option(["--dry-run"], is_flag=True, help="只显示会填入什么，不写入 YAML")]),
    "status": Verb(
        "fazhi_draft.verbs.status:run",
        "列出哪些部门还有哪些数字没报（待补的和空着的）。",
        [click.Argument(["input_file"], metavar="输入.yaml", type=_PATH),
         click.Option(["-o", "--output"], type=_PATH, metavar="催报清单.xlsx|.docx", help="同时写出催报清单：.xlsx 表格或 .docx 公文"),
         click.Option(["--prior"], type=_PATH, metavar="去年.yaml", help="去年的 YAML；默认为 meta.reused_from"),
         _force("清单文件")]),
}

# Bare `fazhi-draft`: the help, then, in a terminal, the offer to start `new`.
NO_VERB = Verb(
    "fazhi_draft.verbs.new:offer",
    """法治政府建设年度报告起草工具。

    \b
    常用命令：
      fazhi-draft new                      按问卷逐节填写本年度数据（可沿用去年）
      fazhi-draft render 2024.yaml         把填好的 YAML 生成 Word 初稿（.docx）
      fazhi-draft pdf 2024.docx            用 LibreOffice 把初稿转为 PDF（render 加 --pdf 亦可）
      fazhi-draft check 2024.yaml          核对数字、结构和年份（生成时也会自动核对）
      fazhi-draft import 2023年报告.docx   没有去年的 YAML：把去年已发布的报告导入为 YAML
      fazhi-draft outline                  查看报告的标准结构和全部指标
      fazhi-draft forms 2025.yaml          给各部门生成数据报送表（.xlsx），填好后 merge 合并，status 看谁还没报
    """,
    [])


# ---------------------------------------------------------------- dispatch
def _call(target: str, params: dict, env: Environment) -> ExitStatus:
    """Import the verb's module, run the verb; Ctrl-C is an exit status like any other."""
    module, _, function = target.partition(":")
    try:
        return getattr(import_module(module), function)(SimpleNamespace(**params), env)
    except KeyboardInterrupt:
        env.echo("\n已中断。", err=True)
        return ExitStatus.INTERRUPTED
    except EOFError:  # input ended where an answer was awaited
        env.echo("\n\n已取消。", err=True)
        return ExitStatus.USAGE


@click.pass_context
def _no_verb(ctx: click.Context) -> ExitStatus | None:
    if ctx.invoked_subcommand is None:
        ctx.obj.echo(ctx.get_help())
        return _call(NO_VERB.function, ctx.params, ctx.obj)
    return None


def _verb(name: str):  # noqa: ANN202
    @click.pass_context
    def callback(ctx: click.Context, **params: object) -> ExitStatus:
        return _call(VERBS[name].function, params, ctx.obj)

    return callback


_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
cli = _Verbs(name="fazhi-draft", callback=_no_verb, help=NO_VERB.help, invoke_without_command=True,
             context_settings=_SETTINGS, add_help_option=False,
             params=[_flag("--version", callback=_show_version, help="显示版本并退出"), _HELP],
             commands=[_Verb(name, params=[*verb.params, _HELP], callback=_verb(name), help=verb.help,
                             context_settings=_SETTINGS, add_help_option=False) for name, verb in VERBS.items()])


def main(argv: list[str] | None = None, env: Environment | None = None) -> ExitStatus:
    """Run the command (in `env`, by default this process's); every outcome is an ExitStatus,
    user errors one Chinese message on stderr."""
    import gc

    env = env or Environment.from_process()
    collecting = gc.isenabled()
    try:
        return _main(argv, env)
    finally:
        if collecting:  # verbs.one_shot turned it off: a caller in this process gets it back
            gc.enable()


def _main(argv: list[str] | None, env: Environment) -> ExitStatus:
    try:
        # Without standalone mode click returns what the verb returned (or Exit's code, for --help).
        status = cli.main(args=argv, prog_name="fazhi-draft", standalone_mode=False, obj=env)
    except UserError as exc:
        env.echo(f"错误：{exc.render()}", err=True)
        return exc.status
    except click.UsageError as exc:
        env.echo(f"错误：{_usage_message(exc)}。查看帮助：{exc.ctx.command_path if exc.ctx else 'fazhi-draft'} --help",
                 err=True)
        return ExitStatus.USAGE
    except click.Abort as exc:  # Ctrl-C or end of input outside a verb (click has ended the line)
        if isinstance(exc.__cause__, KeyboardInterrupt):
            env.echo("已中断。", err=True)
            return ExitStatus.INTERRUPTED
        env.echo("\n已取消。", err=True)
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        env.echo("\n已中断。", err=True)
        return ExitStatus.INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - our bug: still one message, no traceback (FAZHI_DEBUG shows it)
        import traceback

        from fazhi_draft.errors import internal_error

        env.echo(f"错误：{internal_error(exc, traceback.format_exc())}", err=True)
        return ExitStatus.INTERNAL
    return ExitStatus(status) if isinstance(status, int) else ExitStatus.OK
