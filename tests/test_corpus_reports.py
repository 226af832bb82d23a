"""The standard structure holds real reports.

Each file in tests/corpus/ transcribes one real annual report from /work/shared/corpus/
(see the header comment of each file for the corpus file, the mapping of the report's
parts onto the standard sections, and every scope decision). Here each is loaded,
composed and checked the way a clerk would read the draft: the real figures are there,
worded as our templates word them; the four required parts are there, in order,
numbered 一、二、三、 without gaps; the title and signature name the organ and year.
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from fazhi_draft.compose.composer import compose
from fazhi_draft.structure import load_spec
from fazhi_draft.tree import Document, Heading, Paragraph, Pending
from fazhi_draft.input.load import Loaded, load_report

CORPUS = Path(__file__).parent / "corpus"

# A phrase is either one string that must appear verbatim in one line of the draft, or
# a tuple of fragments that must all appear in the same line (used where the exact
# template wording may still change).
Phrase = str | tuple[str, ...]


@dataclass(frozen=True)
class Report:
    file: str
    organ: str
    year: int
    signed: str                       # the signature date as the draft prints it
    figures: tuple[Phrase, ...]       # the report's own figures, in our wording
    derived: tuple[str, ...] = ()     # rates its counts give but the author did not print: nor does the draft
    missing: tuple[str, ...] = ()     # required parts the real report does not have

    def __str__(self) -> str:
        return self.file


REPORTS = [
    Report(
        file="000_youyang_2018.yaml",
        organ="酉阳自治县人民政府",
        year=2018,
        signed="2019年2月28日",
        figures=(
            "全年共收到行政复议申请27件",
            "审结27件",
            "综合纠错率52.2%",
            "辖区内现有人民调解委员会322个，其中村（社区）调委会278个、乡镇（街道）调委会39个、行业性专业性调委会5个",
            "人民调解员3300名",
            "全年受理矛盾纠纷5217件",
            "调解成功率99.8%",
            "重大矛盾纠纷调解中心化解重大疑难纠纷185件",
            "权责清单现有事项4888项",
            "取消证明事项15项",
            "公示“双随机”抽查结果信息248条",
            "开展公平竞争审查10件，清理存量政策文件104件",
            "基层立法联系点参与立法征求意见8件",
            "对25件行政规范性文件开展合法性审核，提出意见建议65条",
            "审查部门和下级政府报备文件15件",
            "制发行政规范性文件11件",
            "报备规范性文件11件",
            # 重新计算有效期: a local clean-up outcome (docs_cleaned_renewed), in the list
            "清理规范性文件88件，经清理保留65件、废止13件、重新计算有效期6件",
            "审查政府合同73件",
            "政府法律顾问处理涉法涉诉事务135件",
            "聘请法律顾问的乡镇（街道）25个，部门和单位113个",
            "现有行政执法主体116个，持证行政执法人员1060名",
            "组织执法人员培训3580人次",
            "评查行政执法案卷27卷，其中优秀15卷、良好10卷、合格1卷、不合格1卷",
            "注销或暂扣执法证件35个",
            "承办人大代表建议152件",
            "承办政协委员提案227件",
            "办结率100%，满意率和基本满意率100%",
            # scope: the county government as defendant (not all its agencies)
            "以县政府为被告的行政诉讼案件36件，县政府负责人出庭应诉6件，部门负责人受县政府委托出庭应诉13件，"
            "工作人员出庭17件",
            "受理群众反映事项14940件，办结率98%，满意度96%",
            "政府常务会议会前学法5次",
            "组织国家工作人员1.39万名参加年度学法考试",
            "组织40名拟任领导干部参加任前法律知识考试",
            "举办干部法治讲座81场次",
            "解答群众法律咨询32902人次",
            "开展法治进校园活动62场次",
            "全年开展法治宣传活动670场次",
            "发放宣传资料96614份",
        ),
        derived=("优秀率55.6%", "出庭应诉率16.7%"),
        missing=("存在的不足和原因", "2019年工作安排"),
    ),
    Report(
        file="001_bachu_2022.yaml",
        organ="巴楚县人民政府",
        year=2022,
        signed="2023年3月10日",
        figures=(
            "县委全面依法治县委员会全年召开会议3次",
            "理论学习中心组开展法治专题学习8次",
            "组织12名党政主要负责人现场述法",
            "各级党委（党组）理论学习中心组开展法治专题学习200余次",
            "权责清单现有事项3457项",
            "其中行政许可211项、行政处罚2431项、行政强制156项、行政征收8项、行政给付31项、"
            "行政检查303项、行政确认58项、行政奖励72项、行政裁决10项、其他行政权力177项",
            "纳入政务服务的事项530项",
            "全年办理政务服务事项58689件，其中网上办理10737件",
            "企业开办时间为3个工作日",
            "保留证明事项73项",
            "对45项证明事项实行告知承诺制",
            "保留行政审批中介服务事项30项",
            "对6件行政规范性文件开展合法性审核",
            ("清理", "废止7件"),
            "公开征求意见12次，开展网上问卷调查18次，举办在线访谈18次",  # not hearings
            "聘请政府法律顾问1名",
            "全县各级党政机关和企事业单位共配备法律顾问21名",  # scope: the whole county
            "开展行政执法监督检查2次，检查执法单位21个，发出整改通知书19份，督促整改问题47条",
            "行政执法人员学法考试合格率95%以上",
            "配备执法记录仪1000余部",
            ("受理4件", "审结4件", "调解和解结案2件"),
            "全年受理矛盾纠纷7091件",
            "调解成功7040件",
            "调解成功率99.2%",
            "办理法律援助案件83件，同比增长30%",
            "建成乡镇（街道）公共法律服务工作站12个，村（社区）公共法律服务工作室229个",
            "配备村（社区）法律顾问38名",
            "为中小学配备法治副校长146名",
            "新增民主法治示范村（社区）1个",
            "举办干部法治讲座9场次，干部参加法治讲座1.9万余人次",
            "培育“法律明白人”790名",
            "开展宪法宣传活动11场次，民法典宣传活动2千余场次，发放民法典宣传资料3.2万余份，"
            "民法典宣传受教育群众10万余人次",
            "领导信箱受理来信223件",
        ),
        missing=("存在的不足和原因",),
    ),
    Report(
        file="002_yuncheng_2020.yaml",
        organ="云浮市云城区人民政府",
        year=2020,
        signed="2021年3月12日",
        figures=(
            "实地督察部门6个，乡镇（街道）2个",
            "承诺办结时限平均压缩94.70%",
            "行政许可事项清单列入事项443项，即办件423项，即办件占比95.48%",
            "赋予乡镇（街道）的行政执法事项44项",
            "实现“免证办”事项74项",
            "监管事项目录清单列入监管事项484项",
            "对10件行政规范性文件开展合法性审核",
            ("清理", "废止2件"),
            "政府法律顾问内聘7名、外聘4名",
            "现有行政执法主体28个，持证行政执法人员508名",
            "新申领和换发执法证件480个",
            "举办行政执法人员培训班2期，参训执法人员301名，各执法单位自行组织专题培训的参训人员1237名",  # persons
            "组织案卷评查1次，评查行政执法案卷119卷",
            "依法制定突发事件应对政策措施文件30多件，开展执法检查63家次，出动执法人员180人次，"
            "查处妨害突发事件应对的违法案件6件",
            ("受理7件", "审结6件", "尚在审理1件"),
            "以区政府为被申请人的行政复议案件1件",
            # scope: every kind of mediation organisation, not 人民调解 only
            "各类调解组织共调处矛盾纠纷1222件，调解成功1208件，调解成功率98.9%",
            "公安机关移送人民调解的纠纷10件",
            "人民法院受理诉前调解案件567件，调解成功162件，诉前调解成功率28.57%",
            "劳动人事争议仲裁处理案件216件，结案200件，其中仲裁裁决90件、调解110件，撤诉6件，不予受理4件，尚在审理6件",
            "承办人大代表建议105件",
            "承办政协委员提案102件",
            "承办上级人大代表建议和政协委员提案148件",
            "全年办理行政应诉案件28件",
            "完成审计项目18个",
            "“粤政易”注册人员超过7675人",
            "160多名领导干部和公务员参加法治专题培训",  # persons, not person-times
            "组织60多名领导干部旁听庭审",
            "组织国家工作人员5946名参加年度学法考试，参考率99.85%，合格率100%，优秀率99.76%",
            "发放民法典宣传资料2万余份，民法典宣传受教育群众5万人次",
        ),
    ),
    Report(
        file="004_shangluo_2021.yaml",
        organ="商洛市人民政府",
        year=2021,
        signed="2022年3月25日",
        figures=(
            "市委理论学习中心组、市政府常务会、“政法夜校”专题学习习近平法治思想和有关法律法规11次",
            "承诺办结时限平均压缩67%",
            "保留证明事项39项",
            "对10项证明事项实行告知承诺制",
            "全年新增减税降费2.09亿元",
            "作出行政许可决定6.9万多件",
            "实现“最多跑一次”事项60项",
            "轻微违法行为免罚清单事项30项",
            "群众满意率99.8%",
            "政府规章草案征求意见21件",
            "对7件行政规范性文件开展合法性审核",
            "报备规范性文件6件",
            # two scopes: the city government's documents and the whole city's
            "清理规范性文件59件，经清理保留33件、拟修改8件、废止3件、宣布失效15件",
            "全市共清理规范性文件325件，经清理保留204件、拟修改52件、废止36件、宣布失效33件",
            "完成地方性法规和政府规章立法项目2件",
            ("合法性审查47余项",),
            "提出法律意见5257条，参与重大行政决策合法性审查910件，参与办理行政复议、诉讼案件90件",
            "新申领和换发执法证件2560个",
            "组织案卷评查182次，评查行政执法案卷15630卷，优秀率25.6%，合格案卷占70.6%，不合格案卷占3.8%",
            # two scopes: the whole city and the city government as defendant
            "全市各级行政机关共办理行政应诉案件114件，出庭应诉率100%，无败诉案件",
            "以市政府为被告的行政诉讼案件10件",
            "全市各级行政复议机关共收到行政复议申请101件",
            "全年共收到行政复议申请14件，依法受理13件，不予受理1件，审结13件",
            "其中维持1件、驳回1件、撤销6件、确认违法1件、终止3件",
            "各类调解组织共调处矛盾纠纷8495件",
            "调解成功8454件",
            "调解成功率99.51%",
            "办理法律援助案件2100件",
            "为受援人挽回经济损失5600余万元",
            "全年开展法治宣传活动280余场次",
            "受教育群众5万余人",  # persons, not person-times
            "发布普法信息1000余条，播出普法节目4期，制作普法视频11个，发送普法短信5万余条",
            "法律援助机构接待咨询6200余人次，办理公共法律服务事项4080件",
            "发放宣传资料3.5万余份",
            "组织国家工作人员7863名参加年度学法考试",
            "新增民主法治示范村（社区）3个",
            "全市已建成“六好司法所”73个",
        ),
    ),
]

REQUIRED_PARTS = ("主要举措和成效", "第一责任人职责", "存在的不足和原因", "工作安排")
CN = "一二三四五六七八九十"


@lru_cache(maxsize=None)
def _load(file: str) -> Loaded:
    return load_report(CORPUS / file)


@lru_cache(maxsize=None)
def _doc(file: str) -> Document:
    return compose(_load(file).report)


def _lines(doc: Document) -> list[str]:
    return doc.dump().splitlines()


def _absent(phrases, lines: list[str]) -> list[Phrase]:
    def found(p: Phrase) -> bool:
        frags = (p,) if isinstance(p, str) else p
        return any(all(f in line for f in frags) for line in lines)

    return [p for p in phrases if not found(p)]


def _h1(doc: Document) -> list[Heading]:
    return [b for b in doc.blocks if isinstance(b, Heading) and b.level == 1]


@pytest.fixture(params=REPORTS, ids=str)
def case(request) -> Report:
    return request.param


# ---------------------------------------------------------------- title and signature
def test_title_names_organ_and_year(case: Report) -> None:
    doc = _doc(case.file)
    assert doc.title == f"{case.organ}关于{case.year}年度\n法治政府建设情况的报告"  # broken at the seam
    assert _lines(doc)[0] == f"TITLE {case.organ}关于{case.year}年度 | 法治政府建设情况的报告"


def test_signed_by_the_organ_with_the_date(case: Report) -> None:
    doc = _doc(case.file)
    assert doc.signature is not None
    assert (doc.signature.organ, doc.signature.date) == (case.organ, case.signed)
    assert _lines(doc)[-1] == f"SIGN {case.organ} / {case.signed}"


def test_opening_speaks_of_the_report_year(case: Report) -> None:
    opening = _doc(case.file).blocks[0]
    assert isinstance(opening, Paragraph)
    assert opening.text.startswith(f"{case.year}年")
    assert opening.text.endswith("现将有关情况报告如下：")


# ---------------------------------------------------------------- the real figures
def test_real_figures_are_in_the_draft(case: Report) -> None:
    absent = _absent(case.figures, _lines(_doc(case.file)))
    assert not absent, f"{case.file}: figures missing from the draft:\n" + "\n".join(map(str, absent))


@pytest.mark.parametrize("case", [r for r in REPORTS if r.derived], ids=str)
def test_rates_the_report_does_not_state_are_not_printed(case: Report) -> None:
    """Issue 15 item 3: a rate the report's counts give but its author did not print is not
    printed in the draft either (wording.rates or 计算 would ask for it)."""
    text = "\n".join(_lines(_doc(case.file)))
    printed = [rate for rate in case.derived if rate in text]
    assert not printed, f"rates printed unasked: {printed}"


def test_points_and_custom_figures_are_never_dropped(case: Report) -> None:
    """Every measure the clerk wrote and every figure the spec has no key for shows up."""
    text = _doc(case.file).dump()
    lost = []
    for key, section in _load(case.file).report.sections.items():
        for point in section.points:
            if point.text not in text or (point.title and point.title.rstrip("。") not in text):
                lost.append(f"{key}: point {point.title or point.text}")
        for _yaml_key, decl, fig in section.custom:
            if f"{decl.label}{fig.text}{decl.unit}" not in text:
                lost.append(f"{key}: custom figure {decl.label} {fig.text}{decl.unit}")
    assert not lost, "\n".join(lost)


def test_no_template_debris(case: Report) -> None:
    """No unfilled fields, no doubled or dangling punctuation left by dropped clauses."""
    bad = ("{", "}", "None", "，，", "，。", "。。", "、、", "、。", "其中。", "其中，", "：。")
    offenders = [(line, b) for line in _lines(_doc(case.file)) for b in bad if b in line]
    assert not offenders, offenders


# ---------------------------------------------------------------- structure
def test_required_parts_present_once_and_in_order(case: Report) -> None:
    titles = [h.title for h in _h1(_doc(case.file))]
    positions = []
    for part in REQUIRED_PARTS:
        hits = [i for i, t in enumerate(titles) if part in t]
        assert len(hits) == 1, f"part {part!r} should head exactly one 一级标题: {titles}"
        positions.append(hits[0])
    assert positions == sorted(positions), titles
    plans = titles[positions[-1]]
    assert plans == f"{case.year + 1}年工作安排"


def test_heading_numbers_run_without_gaps(case: Report) -> None:
    """一、二、三、 at level 1; （一）（二）… restarting under each 一级; 1. 2. … under each parent."""
    doc = _doc(case.file)
    counters = {1: 0, 2: 0, 3: 0}
    for block in doc.blocks:
        if not isinstance(block, Heading):
            continue
        level = block.level
        counters[level] += 1
        for deeper in range(level + 1, 4):
            counters[deeper] = 0
        n = counters[level]
        expected = {1: f"{CN[n - 1]}、", 2: f"（{CN[n - 1]}）", 3: f"{n}."}[level]
        assert block.number == expected, f"{block.text!r} should be numbered {expected}"
    assert counters[1] >= 4


def test_sections_follow_the_files_order(case: Report) -> None:
    """Issue 15 item 1: the draft takes the sections in the YAML's order (the author's; it
    used to put them in the standard's), each under its own title or the standard one."""
    doc = _doc(case.file)
    tree = _load(case.file).tree
    spec = load_spec()
    drafted = [b.title for b in doc.blocks if isinstance(b, Heading) and b.level == 2 and not b.body]
    given = [k for k in tree["measures"] if k != "title"]
    titles = [(tree["measures"][k] or {}).get("title") if isinstance(tree["measures"][k], dict) else None for k in given]
    assert drafted == [t or spec.section(k).title_for(case.year) for k, t in zip(given, titles)]
    # every （一）… sits under 一、主要举措和成效, none under the later parts
    second = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.number == "二、")
    assert not any(isinstance(b, Heading) and b.level == 2 and not b.body for b in doc.blocks[second:])


def test_parts_the_report_lacks_are_placeholders(case: Report) -> None:
    """A required part the real report skipped stays in the draft, marked 【待补】."""
    doc = _doc(case.file)
    blocks = list(doc.blocks)
    for label in case.missing:
        i = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1 and b.title == label)
        nxt = blocks[i + 1]
        assert isinstance(nxt, Paragraph) and nxt.text == f"【待补：{label}】"
        assert nxt.inlines == (Pending(label),)
    assert doc.dump().count("【待补") == len(case.missing)


# ---------------------------------------------------------------- Word output
def _docx_text(data: bytes) -> str:
    docx = pytest.importorskip("docx")
    word = docx.Document(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    for section in word.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def test_docx_holds_the_figures(case: Report) -> None:
    if importlib.util.find_spec("fazhi_draft.writers.docx") is None:
        pytest.skip("fazhi_draft.writers.docx is not written yet")
    from fazhi_draft.writers import write

    doc = _doc(case.file)
    data = write("docx", doc)
    assert data[:2] == b"PK"
    lines = _docx_text(data).splitlines()
    text = "\n".join(lines)
    assert doc.title.replace("\n", "") in text.replace("\n", "")
    absent = _absent(case.figures, lines)
    assert not absent, f"figures missing from the .docx: {absent}"
    for h in _h1(doc):
        assert h.title in text
    assert case.organ in text and case.signed in text


# ---------------------------------------------------------------- known wording problems
# Problems the corpus showed in the first templates, now fixed: each stays as a test.
def _sentence_with(file: str, word: str) -> str:
    text = "\n".join(_lines(_doc(file)))
    return next(s for s in text.replace("\n", "。").split("。") if word in s)


@pytest.mark.parametrize("file", ["001_bachu_2022.yaml", "002_yuncheng_2020.yaml"])
def test_reconsideration_sentence_names_reconsideration(file: str) -> None:
    """disputes.j2: without 收到 the 复议 sentence must still say 行政复议."""
    assert "行政复议" in _sentence_with(file, "依法受理")


@pytest.mark.parametrize("file", ["001_bachu_2022.yaml", "002_yuncheng_2020.yaml"])
def test_repeal_sentence_names_normative_documents(file: str) -> None:
    """rules.j2: without docs_cleaned the sentence must still say what was repealed."""
    assert "规范性文件" in _sentence_with(file, "废止")


def test_2018_report_does_not_cite_xi_rule_of_law_thought() -> None:
    """习近平法治思想 was put forward in November 2020: a 2018 report cannot cite it."""
    assert "习近平法治思想" not in _doc("000_youyang_2018.yaml").dump()


def test_legality_review_sentence_names_major_decisions() -> None:
    """decisions.j2: without major_decisions the 合法性审查 clause must say what was reviewed."""
    assert "重大行政决策" in _sentence_with("004_shangluo_2021.yaml", "47余")


def test_training_sentence_says_who_was_trained() -> None:
    assert "领导干部" in _sentence_with("002_yuncheng_2020.yaml", "160多名")


def test_zero_losses_read_as_none_lost() -> None:
    """A zero prints as 无败诉案件, the way reports write it, not 败诉0件，败诉率0%."""
    dump = _doc("004_shangluo_2021.yaml").dump()
    assert "败诉0件" not in dump and "无败诉案件" in dump
